package io.wabric.openmp.fork;

import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.wire.DiffDecoder;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Writes threads' diffs into a team's home memory. A single publication (lock release) is applied as is: the
 * lock orders it after every earlier one. A barrier or join merge takes every member's diff at once, in thread
 * order, and checks the bytes that more than one thread changed: different values are a data race, reported with
 * the offset; equal values (e.g. every thread setting {@code found = 1}) are accepted.
 *
 * <p>Cost: pages changed by one thread only are copied run by run; only pages changed by several threads are
 * checked byte by byte. Not thread-safe: its {@link ForkTeam} calls it under the team's monitor.
 */
final class RaceMerger
{
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_BYTES = 1 << PAGE_SHIFT;
    private static final int SHARED_PAGE = -2;

    private final DiffDecoder decoder = new DiffDecoder();
    private final Int2IntHashMap pageWriters = new Int2IntHashMap(-1);
    private final Int2ObjectHashMap<short[]> claims = new Int2ObjectHashMap<>();

    /**
     * Applies one thread's diff.
     *
     * @return bytes written.
     */
    long apply(final ThreadMemory member, final CowMemory home)
    {
        final DiffDecoder diff = decoder.wrap(member.diffBuffer(), 0, member.diffLength());
        grow(home, diff.targetPages());
        long written = 0;
        final byte[] array = member.diffBuffer().byteArray();
        while (diff.nextRun())
        {
            home.write(diff.runOffset(), array, diff.runDataIndex(), diff.runLength());
            written += diff.runLength();
        }
        return written;
    }

    /**
     * Merges every member's diff, computed when it arrived.
     *
     * @return bytes written.
     * @throws DataRaceException for a race when the mode fails on races.
     */
    long merge(final ThreadMemory[] members, final CowMemory home, final ForkMode mode, final String site)
    {
        pageWriters.clear();
        claims.clear();
        int targetPages = home.pages();
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null || member.diffLength() == 0)
            {
                continue;
            }
            final DiffDecoder diff = decoder.wrap(member.diffBuffer(), 0, member.diffLength());
            targetPages = Math.max(targetPages, diff.targetPages());
            while (diff.nextRun())
            {
                final int first = diff.runOffset() >>> PAGE_SHIFT;
                final int last = (int)(((long)diff.runOffset() + diff.runLength() - 1) >>> PAGE_SHIFT);
                for (int pageIndex = first; pageIndex <= last; pageIndex++)
                {
                    final int writer = pageWriters.get(pageIndex);
                    if (writer == -1)
                    {
                        pageWriters.put(pageIndex, t);
                    }
                    else if (writer != t)
                    {
                        pageWriters.put(pageIndex, SHARED_PAGE);
                    }
                }
            }
        }
        grow(home, targetPages);

        long written = 0;
        long raceBytes = 0;
        String firstRace = null;
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null || member.diffLength() == 0)
            {
                continue;
            }
            final DiffDecoder diff = decoder.wrap(member.diffBuffer(), 0, member.diffLength());
            final byte[] array = member.diffBuffer().byteArray();
            while (diff.nextRun())
            {
                final int runOffset = diff.runOffset();
                final int runLength = diff.runLength();
                final int dataIndex = diff.runDataIndex();
                final int first = runOffset >>> PAGE_SHIFT;
                final int last = (int)(((long)runOffset + runLength - 1) >>> PAGE_SHIFT);
                for (int pageIndex = first; pageIndex <= last; pageIndex++)
                {
                    if (pageWriters.get(pageIndex) != SHARED_PAGE)
                    {
                        continue;
                    }
                    short[] claim = claims.get(pageIndex);
                    if (claim == null)
                    {
                        claim = new short[PAGE_BYTES];
                        claims.put(pageIndex, claim);
                    }
                    final int from = Math.max(runOffset, pageIndex << PAGE_SHIFT);
                    final int to = (int)Math.min((long)runOffset + runLength, ((long)pageIndex + 1) << PAGE_SHIFT);
                    for (int address = from; address < to; address++)
                    {
                        final int inPage = address & (PAGE_BYTES - 1);
                        final byte value = array[dataIndex + address - runOffset];
                        final int previous = claim[inPage] - 1;
                        if (previous >= 0)
                        {
                            final byte old = home.read(address);
                            if (old != value)
                            {
                                raceBytes++;
                                if (firstRace == null)
                                {
                                    firstRace = "offset " + Integer.toUnsignedString(address) + " (0x" +
                                        Integer.toHexString(address) + "): thread " + previous + " wrote " +
                                        (old & 0xFF) + ", thread " + t + " wrote " + (value & 0xFF);
                                }
                            }
                        }
                        claim[inPage] = (short)(t + 1);
                    }
                }
                home.write(runOffset, array, dataIndex, runLength);
                written += runLength;
            }
        }
        if (raceBytes > 0)
        {
            final String report = "OpenMP fork mode: data race at " + site + ": " + raceBytes + " byte(s) changed " +
                "to different values by more than one thread since they last synchronised; first at " + firstRace;
            if (mode.failOnRace())
            {
                throw new DataRaceException(report + ". Synchronise those writes (critical, lock, reduction, barrier) " +
                    "or run with --omp=shared; " + ForkMode.RACES_ENV_NAME + "=warn continues with the highest " +
                    "thread's bytes");
            }
            mode.warn(report + "; kept the highest thread's bytes");
        }
        return written;
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
