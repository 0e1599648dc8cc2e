package io.wabric.core.memory;

/**
 * Wasm page counts as messages show them: the count and its size in the largest unit that states it exactly, so a
 * cap of 16 pages reads "16 pages (1 MiB)" and one of 17 pages "17 pages (1088 KiB)", never two different counts
 * with the same rounded size.
 */
public final class PageCounts
{
    /** Bytes in a Wasm page. */
    public static final long PAGE_BYTES = 64 * 1024;

    private PageCounts()
    {
    }

    /**
     * @param pages a number of Wasm pages.
     * @return e.g. {@code "17 pages (1088 KiB)"} or {@code "1 page (64 KiB)"}.
     */
    public static String describe(final long pages)
    {
        return pages + (pages == 1 ? " page (" : " pages (") + size(pages * PAGE_BYTES) + ")";
    }

    /**
     * @param bytes a size.
     * @return it in GiB, MiB or KiB when that is exact, else in bytes.
     */
    public static String size(final long bytes)
    {
        if (bytes != 0 && bytes % (1L << 30) == 0)
        {
            return (bytes >> 30) + " GiB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0)
        {
            return (bytes >> 20) + " MiB";
        }
        if (bytes % (1L << 10) == 0)
        {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
