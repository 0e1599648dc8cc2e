package io.wabric.openmp.fork;

import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.wire.DiffDecoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes threads' changes into a team's home memory. A single publication (lock release) is a diff applied as is:
 * the lock orders it after every earlier one. A barrier or join merge takes every member's written pages at once
 * and checks the bytes that more than one thread changed: different values are a data race, reported with the
 * offset; equal values (e.g. every thread setting {@code found = 1}) are accepted.
 *
 * <p>Atomics act on the home memory itself (see {@link ForkTeam}), so a thread's changes leave out the bytes it
 * accessed atomically (its copy of them is only a cache). A plain write by one thread to a byte that another
 * thread accessed atomically in the same phase is a race (the plain write would silently lose the atomic
 * updates) and is reported like any other.
 *
 * <p>Cost of a merge, by page:
 * <ul>
 *   <li>written by one thread, the home page unchanged since that thread's base: taken from the thread by
 *   reference, O(1) (a parallel loop's threads mostly write disjoint pages);</li>
 *   <li>written by one thread, the home page changed since (a publication): that thread's runs of changed bytes;</li>
 *   <li>written by several threads, or holding bytes accessed atomically: a three-way merge eight bytes at a time
 *   over the runs each thread changed, bound by memory bandwidth: a 2-thread 2048 x 2048 transpose merges 513
 *   such pages per region at about 34 us each (38 us before runs were skipped by a vectorised compare).</li>
 * </ul>
 * Before, every changed byte went through an encoded diff and then byte by byte or run by run: a Jacobi sweep's
 * doubles, whose high bytes rarely change, made a run per double, so the 2-thread 1024 x 1024 stencil spent 33 ms
 * per region merging, and a transpose, whose threads write every page of the target, several times that. Not
 * thread-safe, but for {@link #mergeSharedPage}: its {@link ForkTeam} plans and finishes under the team's monitor,
 * and the team's waiting threads may merge shared pages in between.
 */
final class RaceMerger
{
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_BYTES = 1 << PAGE_SHIFT;
    private static final int NO_WRITER = -1;
    /** Written by several members, or holding bytes accessed atomically: merged by {@link #mergeSharedPage}. */
    private static final int SHARED_PAGE = -2;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final DiffDecoder decoder = new DiffDecoder();
    private int[] pageWriters = new int[0];
    private int[] sharedPages = new int[16];
    private int sharedPageCount;
    /** Per shared page, filled by whichever thread merged it: the merged copy, bytes written and races found. */
    private byte[][] mergedPages = new byte[16][];
    private long[] mergedBytes = new long[16];
    private long[] pageRaceBytes = new long[16];
    private String[] pageFirstRace = new String[16];
    /** Bytes written by {@link #plan}: adopted pages and runs of pages one member wrote. */
    private long plannedBytes;
    /** The scratch of the thread that plans and finishes. */
    private final PageScratch ownScratch = new PageScratch();

    /**
     * @return the scratch of the thread that plans and finishes (one at a time, under the team's monitor).
     */
    PageScratch ownScratch()
    {
        return ownScratch;
    }

    /**
     * Applies one thread's diff, ordered by a lock.
     *
     * @return bytes written.
     */
    long apply(final ThreadMemory member, final CowMemory home)
    {
        final DiffDecoder diff = decoder.wrapOwn(member.diffBuffer(), 0, member.diffLength());
        grow(home, diff.targetPages());
        final byte[] array = member.diffBuffer().byteArray();
        final AtomicCells own = member.atomicCells();
        long written = 0;
        while (diff.nextRun())
        {
            final int runOffset = diff.runOffset();
            final int runLength = diff.runLength();
            if (own.isEmpty())
            {
                home.write(runOffset, array, diff.runDataIndex(), runLength);
                written += runLength;
                continue;
            }
            for (int i = 0; i < runLength; i++)
            {
                final int address = runOffset + i;
                if (!own.contains(address))
                {
                    home.writeByte(address, array[diff.runDataIndex() + i]);
                    written++;
                }
            }
        }
        return written;
    }

    /**
     * First step of a barrier or join merge, on one thread, from the pages each member listed when it arrived. A
     * page that one member wrote, while the home memory still holds the page that member started from, is taken by
     * reference from the member's arrival snapshot ({@link CowMemory#adoptPage(int, MemorySnapshot)}): no byte is
     * copied or compared. A page one member wrote that the home memory changed since (a publication) gets that
     * member's runs of changed bytes. Pages several members wrote, or holding bytes accessed atomically, are listed
     * for {@link #mergeSharedPage}, which any number of threads may then run, each on its own indices, before
     * {@link #finish}: the threads waiting at a barrier or join share the one costly part (a 2-thread transpose
     * merges 513 such pages per region).
     *
     * @return the number of shared pages to merge, indices 0 to that count less one.
     */
    int plan(final ThreadMemory[] members, final CowMemory home, final AtomicCells teamAtomics)
    {
        sharedPageCount = 0;
        int targetPages = home.pages();
        for (final ThreadMemory member : members)
        {
            if (member != null)
            {
                targetPages = Math.max(targetPages, member.arrived().pageCount());
            }
        }
        grow(home, targetPages);
        if (pageWriters.length < targetPages)
        {
            pageWriters = new int[targetPages];
        }
        Arrays.fill(pageWriters, 0, targetPages, NO_WRITER);
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null)
            {
                continue;
            }
            final int[] written = member.writtenPages();
            for (int i = 0, count = member.writtenPageCount(); i < count; i++)
            {
                final int pageIndex = written[i];
                final int writer = pageWriters[pageIndex];
                if (writer == NO_WRITER && teamAtomics.page(pageIndex) == null)
                {
                    pageWriters[pageIndex] = t;
                }
                else if (writer == NO_WRITER || writer >= 0 && writer != t)
                {
                    pageWriters[pageIndex] = SHARED_PAGE;
                    if (sharedPageCount == sharedPages.length)
                    {
                        sharedPages = Arrays.copyOf(sharedPages, Math.max(16, 2 * sharedPageCount));
                    }
                    sharedPages[sharedPageCount++] = pageIndex;
                }
            }
        }
        if (mergedPages.length < sharedPageCount)
        {
            final int length = Math.max(sharedPageCount, 2 * mergedPages.length);
            mergedPages = new byte[length][];
            mergedBytes = new long[length];
            pageRaceBytes = new long[length];
            pageFirstRace = new String[length];
        }

        long bytes = 0;
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null)
            {
                continue;
            }
            final MemorySnapshot arrived = member.arrived();
            final int[] written = member.writtenPages();
            for (int i = 0, count = member.writtenPageCount(); i < count; i++)
            {
                final int pageIndex = written[i];
                final int writer = pageWriters[pageIndex];
                if (writer == SHARED_PAGE)
                {
                    continue;
                }
                final byte[] basePage = member.basePage(pageIndex);
                if (writer == t && holdsStill(home.pageArray(pageIndex), basePage))
                {
                    home.adoptPage(pageIndex, arrived);
                    bytes += PAGE_BYTES;
                }
                else
                {
                    bytes += mergeRuns(home, pageIndex, basePage, arrived.pageArray(pageIndex));
                }
            }
        }
        plannedBytes = bytes;
        return sharedPageCount;
    }

    /**
     * Merges shared page {@code i} of the last {@link #plan} into a new array, which {@link #finish} puts into the
     * home memory. Safe to call from several threads at once for different indices, each with its own scratch:
     * it only reads the home memory and the members' snapshots, and writes slot {@code i} of the results.
     */
    void mergeSharedPage(
        final int i, final ThreadMemory[] members, final CowMemory home, final AtomicCells teamAtomics,
        final PageScratch scratch)
    {
        scratch.raceBytes = 0;
        scratch.firstRace = null;
        mergedBytes[i] = scratch.mergeSharedPage(members, home, teamAtomics, sharedPages[i]);
        mergedPages[i] = scratch.merged;
        scratch.merged = null;
        pageRaceBytes[i] = scratch.raceBytes;
        pageFirstRace[i] = scratch.firstRace;
    }

    /**
     * Last step, on the thread that planned, after every shared page was merged: puts the merged pages into the
     * home memory and reports the races, the first in the order a one-thread merge finds them.
     *
     * @return bytes written: whole pages for adopted ones.
     * @throws DataRaceException for a race when the mode fails on races.
     */
    long finish(final CowMemory home, final ForkMode mode, final String site)
    {
        long bytes = plannedBytes;
        long raceBytes = 0;
        String firstRace = null;
        for (int i = 0; i < sharedPageCount; i++)
        {
            home.replacePage(sharedPages[i], mergedPages[i]);
            mergedPages[i] = null;
            bytes += mergedBytes[i];
            raceBytes += pageRaceBytes[i];
            if (firstRace == null)
            {
                firstRace = pageFirstRace[i];
            }
            pageFirstRace[i] = null;
        }
        if (raceBytes > 0)
        {
            final String report = "OpenMP fork mode: data race at " + site + ": " + raceBytes + " byte(s) written " +
                "by more than one thread since they last synchronised; first at " + firstRace;
            if (mode.failOnRace())
            {
                throw new DataRaceException(report + ". Synchronise those writes (critical, lock, reduction, " +
                    "barrier) or run with --omp=shared; " + ForkMode.RACES_ENV_NAME + "=warn continues with the " +
                    "highest thread's bytes");
            }
            mode.warn(report + "; kept the highest thread's bytes");
        }
        return bytes;
    }

    /**
     * One merging thread's working state for {@link #mergeSharedPage}: which bytes of the page earlier members
     * changed, and the races found on it.
     */
    static final class PageScratch
    {
        /**
         * For the page being merged: 0xFF in each byte an earlier member changed. Made on first use: most regions
         * merge no shared page (64 KiB to zero per region made an empty region 2.5 us slower).
         */
        private long[] claimedBytes;
        private byte[] merged;
        private long raceBytes;
        private String firstRace;

        /**
         * Merges a page that several members wrote, or that holds bytes accessed atomically, into a new array left
         * in {@code merged}: a three-way merge of the home page with each member's page against that member's base,
         * in thread order, eight bytes at a time over the runs each member changed (found by a vectorised compare).
         * A member's bytes that it accessed atomically are left out (home holds their value). A byte that an earlier
         * member changed and this one changed to another value is a race, and so is a plain write to a byte any
         * member accessed atomically. Typical of a loop whose threads write disjoint parts of one page (a
         * transpose's columns): byte by byte, such pages cost more than the loop itself.
         */
        long mergeSharedPage(
            final ThreadMemory[] members, final CowMemory home, final AtomicCells teamAtomics, final int pageIndex)
        {
            final byte[] merged = home.pageArray(pageIndex).clone();
            if (claimedBytes == null)
            {
                claimedBytes = new long[PAGE_BYTES / Long.BYTES];
            }
            else
            {
                Arrays.fill(claimedBytes, 0L);
            }
            final long[] teamAtomicBits = teamAtomics.page(pageIndex);
            long bytes = 0;
            for (int t = 0; t < members.length; t++)
            {
                final ThreadMemory member = members[t];
                final byte[] after = member == null ? null : member.writtenPage(pageIndex);
                if (after == null)
                {
                    continue;
                }
                final byte[] before = member.basePage(pageIndex);
                final long[] ownAtomicBits = member.atomicCells().page(pageIndex);
                int at = 0;
                while (at < PAGE_BYTES)
                {
                    // jump over bytes this member left alone (a vectorised compare), then merge word by word until a
                    // word it left alone: a thread's changes come in runs (its rows, its half of each row)
                    final int unchanged = Arrays.mismatch(before, at, PAGE_BYTES, after, at, PAGE_BYTES);
                    if (unchanged < 0)
                    {
                        break;
                    }
                    at = (at + unchanged) & ~(Long.BYTES - 1);
                    for (; at < PAGE_BYTES; at += Long.BYTES)
                    {
                        final long value = (long)LONG.get(after, at);
                        final long differing = value ^ (long)LONG.get(before, at);
                        if (differing == 0)
                        {
                            at += Long.BYTES;
                            break;
                        }
                        long changed = byteMask(differing);
                        if (ownAtomicBits != null)
                        {
                            changed &= ~AtomicCells.byteMask(ownAtomicBits, at);
                            if (changed == 0)
                            {
                                continue;
                            }
                        }
                        bytes += mergeWord(members, pageIndex, t, merged, teamAtomicBits, at, value, changed);
                    }
                }
            }
            this.merged = merged;
            return bytes;
        }

        /**
         * Merges one member's changed bytes of one word into the merged page, reporting the bytes an earlier member
         * changed to another value and plain writes to bytes accessed atomically.
         *
         * @return the bytes written.
         */
        private int mergeWord(
            final ThreadMemory[] members, final int pageIndex, final int t, final byte[] merged,
            final long[] teamAtomicBits, final int at, final long value, final long changed)
        {
            final int word = at >>> 3;
            final long current = (long)LONG.get(merged, at);
            final long onAtomic = teamAtomicBits == null ? 0 : changed & AtomicCells.byteMask(teamAtomicBits, at);
            if (onAtomic != 0)
            {
                wordRace(members, pageIndex, at, onAtomic, -1, t, current, value,
                    "a plain write to a byte other threads accessed atomically: ");
            }
            final long clash = claimedBytes[word] & changed;
            final long racing = clash == 0 ? 0 : byteMask(current ^ value) & clash;
            if (racing != 0)
            {
                wordRace(members, pageIndex, at, racing, t, t, current, value, "");
            }
            claimedBytes[word] |= changed;
            LONG.set(merged, at, (current & ~changed) | (value & changed));
            return Long.bitCount(changed) >>> 3;
        }

        /**
         * Counts the racing bytes of one word and, for the first race of the merge, names its lowest byte and the
         * thread that wrote it before: the last member below {@code searchBelow} whose plain write changed it, or none
         * when {@code searchBelow} is -1 (a write racing atomics).
         */
        private void wordRace(
            final ThreadMemory[] members, final int pageIndex, final int at, final long racing, final int searchBelow,
            final int t, final long current, final long value, final String what)
        {
            raceBytes += (Long.bitCount(racing) >>> 3) - 1;
            final int shift = Long.numberOfTrailingZeros(racing) & ~7;
            final int inPage = at + (shift >>> 3);
            final int address = (pageIndex << PAGE_SHIFT) + inPage;
            int previous = -1;
            for (int u = searchBelow - 1; u >= 0 && previous < 0; u--)
            {
                final ThreadMemory member = members[u];
                final byte[] after = member == null ? null : member.writtenPage(pageIndex);
                if (after != null && after[inPage] != member.basePage(pageIndex)[inPage] &&
                    !member.atomicCells().contains(address))
                {
                    previous = u;
                }
            }
            race(address, previous, t, (byte)(current >>> shift), (byte)(value >>> shift), what);
        }

        private void race(
            final int address, final int previous, final int t, final byte old, final byte value, final String what)
        {
            raceBytes++;
            if (firstRace == null)
            {
                firstRace = what + "offset " + Integer.toUnsignedString(address) + " (0x" +
                    Integer.toHexString(address) + "): " + (previous >= 0 ? "thread " + previous + " wrote " : "was ") +
                    (old & 0xFF) + ", thread " + t + " wrote " + (value & 0xFF);
            }
        }
    }

    /**
     * 0xFF in each byte of the result where {@code bits} has a non-zero byte, 0x00 elsewhere.
     */
    static long byteMask(final long bits)
    {
        final long lowSeven = (bits & 0x7F7F_7F7F_7F7F_7F7FL) + 0x7F7F_7F7F_7F7F_7F7FL;
        return (((lowSeven | bits) & 0x8080_8080_8080_8080L) >>> 7) * 0xFF;
    }

    /**
     * Whether the home memory's page still holds what a member started from: the same array (nothing was
     * published into it since), or the same bytes.
     */
    private static boolean holdsStill(final byte[] homePage, final byte[] basePage)
    {
        return homePage == basePage || Arrays.equals(homePage, basePage);
    }

    /**
     * Writes the runs of bytes where a member's page differs from the page it started from, for a page only that
     * member wrote but whose home copy changed since (a publication).
     */
    private static long mergeRuns(final CowMemory home, final int pageIndex, final byte[] basePage,
        final byte[] localPage)
    {
        final int pageAddress = pageIndex << PAGE_SHIFT;
        long bytes = 0;
        int at = 0;
        while (at < PAGE_BYTES)
        {
            final int mismatch = Arrays.mismatch(basePage, at, PAGE_BYTES, localPage, at, PAGE_BYTES);
            if (mismatch < 0)
            {
                break;
            }
            final int runStart = at + mismatch;
            final int runEnd = MemoryDiffer.runEnd(basePage, 0, localPage, 0, runStart);
            home.write(pageAddress + runStart, localPage, runStart, runEnd - runStart);
            bytes += runEnd - runStart;
            at = runEnd;
        }
        return bytes;
    }

    private static void grow(final CowMemory home, final int targetPages)
    {
        if (home.pages() < targetPages && home.grow(targetPages - home.pages()) < 0)
        {
            throw new IllegalStateException("cannot grow the fork-mode home memory from " + home.pages() + " to " +
                targetPages + " pages: its maximum is " + home.maximumPages() + " pages");
        }
    }
}
