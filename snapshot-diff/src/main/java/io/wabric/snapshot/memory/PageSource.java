package io.wabric.snapshot.memory;

/**
 * Linear memory seen as a sequence of 64 KiB pages, each a slice of some {@code byte[]}: what differs read.
 *
 * <p>Two page sources returning the same array at the same offset for a page hold identical bytes there; a differ
 * uses this to skip pages a copy-on-write memory never wrote (dirty tracking for free).
 */
public interface PageSource
{
    /** Bytes in a Wasm page. */
    int PAGE_BYTES = 65536;

    /**
     * @return the number of pages.
     */
    int pageCount();

    /**
     * @param pageIndex a page in {@code [0, pageCount())}.
     * @return the array holding the page's bytes.
     */
    byte[] pageArray(int pageIndex);

    /**
     * @param pageIndex a page in {@code [0, pageCount())}.
     * @return the index in {@link #pageArray(int)} at which the page begins.
     */
    int pageOffset(int pageIndex);

    /**
     * A page source over one flat array, e.g. a {@link io.wabric.core.memory.FlatMemory}'s.
     *
     * @param bytes the memory's bytes; its length must be a multiple of {@link #PAGE_BYTES}.
     * @return the view.
     */
    static PageSource flat(final byte[] bytes)
    {
        if (bytes.length % PAGE_BYTES != 0)
        {
            throw new IllegalArgumentException("flat memory of " + bytes.length + " bytes is not a whole number of " +
                PAGE_BYTES + "-byte pages");
        }
        final int pageCount = bytes.length / PAGE_BYTES;
        return new PageSource()
        {
            @Override
            public int pageCount()
            {
                return pageCount;
            }

            @Override
            public byte[] pageArray(final int pageIndex)
            {
                return bytes;
            }

            @Override
            public int pageOffset(final int pageIndex)
            {
                return pageIndex * PAGE_BYTES;
            }
        };
    }
}
