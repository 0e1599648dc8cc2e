package io.wabric.snapshot.diff;

import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffEncoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Computes the exact changed byte runs between a base memory and a current one, including pages the current
 * memory grew, and writes them as a diff frame.
 *
 * <p>Pages whose slice is the same array at the same offset in both memories are skipped unread: a copy-on-write
 * memory shares every page it never wrote with its snapshot, so diffing a fork costs O(dirty pages). Other pages
 * are compared with {@link Arrays#mismatch}, which the JIT turns into a vectorised compare over long-sized chunks;
 * a clean page costs one call. Inside a changed run the end is found eight bytes at a time with a SWAR test for an
 * equal byte. Runs are exact (never padded with unchanged bytes): a merge of several forks needs to know which
 * bytes each fork actually changed. Stateless and allocation-free; safe to share.
 */
public final class MemoryDiffer
{
    private static final int PAGE_SIZE = PageSource.PAGE_BYTES;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    /**
     * Writes the diff that turns {@code base} into {@code current} as one frame.
     *
     * @param base    the memory as it was (a snapshot).
     * @param current the memory now; at least as many pages as {@code base}.
     * @param encoder wrapped over the destination buffer.
     * @return the frame's length.
     */
    public int diff(final PageSource base, final PageSource current, final DiffEncoder encoder)
    {
        final int basePages = base.pageCount();
        final int currentPages = current.pageCount();
        if (currentPages < basePages)
        {
            throw new IllegalArgumentException("current memory of " + currentPages + " pages is smaller than the base " +
                "of " + basePages + " pages: Wasm memories never shrink, so this is not a descendant of the base");
        }
        encoder.begin(basePages, currentPages);
        for (int pageIndex = 0; pageIndex < currentPages; pageIndex++)
        {
            final byte[] after = current.pageArray(pageIndex);
            final int afterIndex = current.pageOffset(pageIndex);
            if (pageIndex < basePages)
            {
                final byte[] before = base.pageArray(pageIndex);
                final int beforeIndex = base.pageOffset(pageIndex);
                if (before != after || beforeIndex != afterIndex)
                {
                    diffPage(pageIndex, before, beforeIndex, after, afterIndex, encoder);
                }
            }
            else
            {
                diffPage(pageIndex, ZERO_PAGE, 0, after, afterIndex, encoder);
            }
        }
        return encoder.finish();
    }

    private static void diffPage(
        final int pageIndex,
        final byte[] before,
        final int beforeIndex,
        final byte[] after,
        final int afterIndex,
        final DiffEncoder encoder)
    {
        final int pageAddress = pageIndex * PAGE_SIZE;
        int at = 0;
        while (at < PAGE_SIZE)
        {
            final int mismatch = Arrays.mismatch(
                before, beforeIndex + at, beforeIndex + PAGE_SIZE, after, afterIndex + at, afterIndex + PAGE_SIZE);
            if (mismatch < 0)
            {
                return;
            }
            final int runStart = at + mismatch;
            final int runEnd = runEnd(before, beforeIndex, after, afterIndex, runStart);
            encoder.run(pageAddress + runStart, after, afterIndex + runStart, runEnd - runStart);
            at = runEnd;
        }
    }

    /**
     * The first index at or after {@code from} where the two slices agree, or the page's end: with
     * {@link java.util.Arrays#mismatch} finding a run's start, this walks the runs of changed bytes of one page
     * without encoding them (fork-mode OpenMP's barrier merge writes a thread's changes into a page that the home
     * memory changed meanwhile this way).
     *
     * @param before      the page as it was.
     * @param beforeIndex the page's first byte in {@code before}.
     * @param after       the page now.
     * @param afterIndex  the page's first byte in {@code after}.
     * @param from        an index in the page where the two differ.
     * @return the end of the run of differing bytes that starts at {@code from}.
     */
    public static int runEnd(
        final byte[] before, final int beforeIndex, final byte[] after, final int afterIndex, final int from)
    {
        int at = from;
        while (at + Long.BYTES <= PAGE_SIZE)
        {
            final long differing = (long)LONG.get(before, beforeIndex + at) ^ (long)LONG.get(after, afterIndex + at);
            final long equalBytes = (differing - ONES) & ~differing & HIGHS;
            if (equalBytes != 0)
            {
                return at + (Long.numberOfTrailingZeros(equalBytes) >>> 3);
            }
            at += Long.BYTES;
        }
        while (at < PAGE_SIZE && before[beforeIndex + at] != after[afterIndex + at])
        {
            at++;
        }
        return at;
    }
}
