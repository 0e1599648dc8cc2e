package io.wabric.snapshot.memory;

import java.util.Arrays;

/**
 * An immutable image of a linear memory: its pages and its maximum. Pages are shared, never copied, with the
 * {@link CowMemory} it was taken from and with every fork made from it; no one writes a shared page (a memory
 * copies a page before its first write), which is what makes sharing safe.
 */
public final class MemorySnapshot implements PageSource
{
    private final byte[][] pages;
    private final int maximumPages;

    MemorySnapshot(final byte[][] pages, final int maximumPages)
    {
        this.pages = pages;
        this.maximumPages = maximumPages;
    }

    /**
     * A snapshot of bytes from elsewhere (a file, a flat memory): copies {@code bytes} into pages, sharing one
     * zero page for all-zero pages.
     *
     * @param bytes        the memory's bytes; its length must be a multiple of {@link #PAGE_BYTES}.
     * @param maximumPages the memory's maximum in pages.
     * @return the snapshot.
     */
    public static MemorySnapshot copyOf(final byte[] bytes, final int maximumPages)
    {
        if (bytes.length % PAGE_BYTES != 0)
        {
            throw new IllegalArgumentException("memory of " + bytes.length + " bytes is not a whole number of pages");
        }
        final int pageCount = bytes.length / PAGE_BYTES;
        final byte[][] pages = new byte[pageCount][];
        for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
        {
            final int from = pageIndex * PAGE_BYTES;
            pages[pageIndex] = Arrays.mismatch(bytes, from, from + PAGE_BYTES, CowMemory.ZERO_PAGE, 0, PAGE_BYTES) < 0 ?
                CowMemory.ZERO_PAGE : Arrays.copyOfRange(bytes, from, from + PAGE_BYTES);
        }
        return new MemorySnapshot(pages, maximumPages);
    }

    /**
     * A snapshot built from pages read elsewhere (a snapshot file). The arrays are taken over, not copied: the
     * caller must not write them afterwards. A {@code null} page is an all-zero page.
     *
     * @param pages        one {@link #PAGE_BYTES}-byte array per page, or {@code null} for a zero page.
     * @param maximumPages the memory's maximum in pages.
     * @return the snapshot.
     */
    public static MemorySnapshot ofPages(final byte[][] pages, final int maximumPages)
    {
        final byte[][] owned = pages.clone();
        for (int pageIndex = 0; pageIndex < owned.length; pageIndex++)
        {
            if (owned[pageIndex] == null)
            {
                owned[pageIndex] = CowMemory.ZERO_PAGE;
            }
            else if (owned[pageIndex].length != PAGE_BYTES)
            {
                throw new IllegalArgumentException("page " + pageIndex + " has " + owned[pageIndex].length +
                    " bytes, not " + PAGE_BYTES);
            }
        }
        return new MemorySnapshot(owned, maximumPages);
    }

    @Override
    public int pageCount()
    {
        return pages.length;
    }

    @Override
    public byte[] pageArray(final int pageIndex)
    {
        return pages[pageIndex];
    }

    @Override
    public int pageOffset(final int pageIndex)
    {
        return 0;
    }

    /**
     * @param pageIndex a page.
     * @return true when the page is all zero and shares the common zero page (never stored in files).
     */
    public boolean isZeroPage(final int pageIndex)
    {
        return pages[pageIndex] == CowMemory.ZERO_PAGE;
    }

    /**
     * @return the memory's maximum in 64 KiB pages.
     */
    public int maximumPages()
    {
        return maximumPages;
    }

    /**
     * @return the memory's size in bytes.
     */
    public long sizeBytes()
    {
        return (long)pages.length * PAGE_BYTES;
    }

    /**
     * Reads bytes out of the snapshot, for tests and merges.
     *
     * @param address where to start.
     * @param into    the destination.
     * @param offset  where in {@code into} to write.
     * @param length  how many bytes.
     */
    public void read(final int address, final byte[] into, final int offset, final int length)
    {
        int copied = 0;
        while (copied < length)
        {
            final int at = address + copied;
            final int pageIndex = at >>> 16;
            final int inPage = at & (PAGE_BYTES - 1);
            final int chunk = Math.min(length - copied, PAGE_BYTES - inPage);
            System.arraycopy(pages[pageIndex], inPage, into, offset + copied, chunk);
            copied += chunk;
        }
    }

    byte[][] pages()
    {
        return pages;
    }
}
