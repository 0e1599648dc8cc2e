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
 * <p>Atomics act on the home memory itself (see {@link ForkTeam}), so a thread's diff leaves out the bytes it
 * accessed atomically (its copy of them is only a cache). A plain write by one thread to a byte that another
 * thread accessed atomically in the same phase is a race (the plain write would silently lose the atomic
 * updates) and is reported like any other.
 *
 * <p>Cost: pages changed by one thread only are copied run by run; only pages changed by several threads, or
 * holding atomically accessed bytes, are visited byte by byte. Not thread-safe: its {@link ForkTeam} calls it
 * under the team's monitor.
 */
final class RaceMerger
{
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_BYTES = 1 << PAGE_SHIFT;
    private static final int SHARED_PAGE = -2;

    private final DiffDecoder decoder = new DiffDecoder();
    private final Int2IntHashMap pageWriters = new Int2IntHashMap(-1);
    private final Int2ObjectHashMap<short[]> claims = new Int2ObjectHashMap<>();
    private long raceBytes;
    private String firstRace;

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
     * Merges every member's diff, computed when it arrived.
     *
     * @return bytes written.
     * @throws DataRaceException for a race when the mode fails on races.
     */
    long merge(
        final ThreadMemory[] members, final CowMemory home, final AtomicCells teamAtomics, final ForkMode mode,
        final String site)
    {
        pageWriters.clear();
        claims.clear();
        raceBytes = 0;
        firstRace = null;
        int targetPages = home.pages();
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null || member.diffLength() == 0)
            {
                continue;
            }
            final DiffDecoder diff = decoder.wrapOwn(member.diffBuffer(), 0, member.diffLength());
            targetPages = Math.max(targetPages, diff.targetPages());
            // runs ascend, and a page usually holds many (a diff of doubles that changed in their low bytes only
            // has a run per double), so each page is claimed once, not once per run
            int claimedPage = -1;
            while (diff.nextRun())
            {
                final int first = Math.max(diff.runOffset() >>> PAGE_SHIFT, claimedPage + 1);
                final int last = (int)(((long)diff.runOffset() + diff.runLength() - 1) >>> PAGE_SHIFT);
                for (int pageIndex = first; pageIndex <= last; pageIndex++)
                {
                    claimedPage = pageIndex;
                    final int writer = pageWriters.get(pageIndex);
                    if (writer == -1)
                    {
                        pageWriters.put(pageIndex, teamAtomics.page(pageIndex) != null ? SHARED_PAGE : t);
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
        for (int t = 0; t < members.length; t++)
        {
            final ThreadMemory member = members[t];
            if (member == null || member.diffLength() == 0)
            {
                continue;
            }
            final DiffDecoder diff = decoder.wrapOwn(member.diffBuffer(), 0, member.diffLength());
            final byte[] array = member.diffBuffer().byteArray();
            int lookedUpPage = -1;
            boolean lookedUpShared = false;
            while (diff.nextRun())
            {
                final int runOffset = diff.runOffset();
                final long runEnd = (long)runOffset + diff.runLength();
                final int dataIndex = diff.runDataIndex();
                int at = runOffset;
                while (at < runEnd)
                {
                    final int pageIndex = at >>> PAGE_SHIFT;
                    final int pieceEnd = (int)Math.min(runEnd, ((long)pageIndex + 1) << PAGE_SHIFT);
                    if (pageIndex != lookedUpPage)
                    {
                        lookedUpPage = pageIndex;
                        lookedUpShared = pageWriters.get(pageIndex) == SHARED_PAGE;
                    }
                    if (!lookedUpShared)
                    {
                        home.write(at, array, dataIndex + at - runOffset, pieceEnd - at);
                        written += pieceEnd - at;
                    }
                    else
                    {
                        written += mergeShared(home, teamAtomics, member, t, pageIndex, array, dataIndex - runOffset,
                            at, pieceEnd);
                    }
                    at = pieceEnd;
                }
            }
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
        return written;
    }

    private long mergeShared(
        final CowMemory home,
        final AtomicCells teamAtomics,
        final ThreadMemory member,
        final int t,
        final int pageIndex,
        final byte[] array,
        final int dataShift,
        final int from,
        final int to)
    {
        short[] claim = claims.get(pageIndex);
        if (claim == null)
        {
            claim = new short[PAGE_BYTES];
            claims.put(pageIndex, claim);
        }
        final AtomicCells own = member.atomicCells();
        final long[] atomicBits = teamAtomics.page(pageIndex);
        long written = 0;
        for (int address = from; address < to; address++)
        {
            if (own.contains(address))
            {
                continue;
            }
            final int inPage = address & (PAGE_BYTES - 1);
            final byte value = array[dataShift + address];
            if (atomicBits != null && AtomicCells.isSet(atomicBits, inPage))
            {
                race(address, -1, t, home.read(address), value, "a plain write to a byte other threads accessed " +
                    "atomically: ");
            }
            final int previous = claim[inPage] - 1;
            if (previous >= 0)
            {
                final byte old = home.read(address);
                if (old != value)
                {
                    race(address, previous, t, old, value, "");
                }
            }
            claim[inPage] = (short)(t + 1);
            home.writeByte(address, value);
            written++;
        }
        return written;
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

    private static void grow(final CowMemory home, final int targetPages)
    {
        if (home.pages() < targetPages && home.grow(targetPages - home.pages()) < 0)
        {
            throw new IllegalStateException("cannot grow the fork-mode home memory from " + home.pages() + " to " +
                targetPages + " pages: its maximum is " + home.maximumPages() + " pages");
        }
    }
}
