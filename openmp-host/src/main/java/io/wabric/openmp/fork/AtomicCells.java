package io.wabric.openmp.fork;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * Bytes that atomic instructions touched since the last barrier, team-wide or by one thread. Their value lives in
 * the home memory (atomics act there), so a thread's diff leaves out the bytes it accessed atomically: its copy of
 * them is only a cache. One bit per byte, kept per 64 KiB page that has any.
 */
final class AtomicCells
{
    private static final int PAGE_SHIFT = 16;
    private static final int WORDS_PER_PAGE = (1 << PAGE_SHIFT) / Long.SIZE;

    private final Int2ObjectHashMap<long[]> pages = new Int2ObjectHashMap<>();

    void mark(final int address, final int widthBytes)
    {
        final int pageIndex = address >>> PAGE_SHIFT;
        long[] bits = pages.get(pageIndex);
        if (bits == null)
        {
            bits = new long[WORDS_PER_PAGE];
            pages.put(pageIndex, bits);
        }
        for (int i = 0; i < widthBytes; i++)
        {
            final int inPage = (address + i) & ((1 << PAGE_SHIFT) - 1);
            bits[inPage >>> 6] |= 1L << inPage;
        }
    }

    boolean isEmpty()
    {
        return pages.isEmpty();
    }

    boolean contains(final int address)
    {
        final long[] bits = pages.get(address >>> PAGE_SHIFT);
        return bits != null && isSet(bits, address & ((1 << PAGE_SHIFT) - 1));
    }

    void clear()
    {
        pages.clear();
    }

    /**
     * @return the page's bits, or {@code null} when no byte of it is atomic.
     */
    long[] page(final int pageIndex)
    {
        return pages.get(pageIndex);
    }

    private static boolean isSet(final long[] bits, final int inPage)
    {
        return (bits[inPage >>> 6] & (1L << inPage)) != 0;
    }

    /**
     * @param bits   a page's bits.
     * @param inPage a multiple of 8 in the page.
     * @return 0xFF in each byte of the result whose byte of the page, from {@code inPage} on, is atomic.
     */
    static long byteMask(final long[] bits, final int inPage)
    {
        final int eight = (int)(bits[inPage >>> 6] >>> (inPage & 63)) & 0xFF;
        long mask = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            if ((eight & (1 << i)) != 0)
            {
                mask |= 0xFFL << (8 * i);
            }
        }
        return mask;
    }
}
