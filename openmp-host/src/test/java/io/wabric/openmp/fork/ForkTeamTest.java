package io.wabric.openmp.fork;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.snapshot.memory.TrackedMemory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fork-mode memory protocol on bare tracked memories, one Java thread playing every team thread in turn
 * (the protocol's results do not depend on timing, only on the order of synchronisations).
 */
final class ForkTeamTest
{
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private ForkMode mode(final boolean failOnRace)
    {
        return new ForkMode(failOnRace, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private static ThreadMemory[] team(final ForkMode mode, final TrackedMemory master, final int size)
    {
        return team(mode, master, size, () -> { });
    }

    private static ThreadMemory[] team(
        final ForkMode mode, final TrackedMemory master, final int size, final Runnable wakeMembers)
    {
        final ThreadMemory[] members = new ThreadMemory[size];
        members[0] = new ThreadMemory(master);
        final ForkTeam team = ForkTeam.begin(mode, members[0], size, wakeMembers);
        for (int t = 1; t < size; t++)
        {
            members[t] = new ThreadMemory(TrackedMemory.fork(master.snapshot()));
            team.enter(members[t], t);
        }
        return members;
    }

    private static void join(final ThreadMemory[] members)
    {
        for (final ThreadMemory member : members)
        {
            member.arrive();
        }
        members[0].team().end();
    }

    private static void barrier(final ThreadMemory[] members)
    {
        for (final ThreadMemory member : members)
        {
            member.arrive();
        }
        members[0].team().mergeArrived();
        for (final ThreadMemory member : members)
        {
            member.leave();
        }
    }

    @Test
    void shouldLandEveryThreadsDisjointBytesInTheMasterAtTheJoin()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(2, 4));
        master.writeI32(100, 7);
        final ThreadMemory[] members = team(mode(true), master, 4);
        for (int t = 0; t < 4; t++)
        {
            assertEquals(7, members[t].local().readInt(100), "every fork starts from the snapshot");
            members[t].local().writeByte(1000 + t, (byte)(t + 1));
            members[t].local().writeLong(70_000 + 8 * t, 1L << (8 * t));
        }
        join(members);
        for (int t = 0; t < 4; t++)
        {
            assertEquals(t + 1, master.read(1000 + t));
            assertEquals(1L << (8 * t), master.readLong(70_000 + 8 * t));
        }
        assertEquals(7, master.readInt(100));
        assertTrue(!members[1].inTeam(), "the join detaches the workers");
    }

    @Test
    void shouldReportTheOffsetThreadsAndValuesWhenTwoThreadsWriteOneByteDifferently()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 2));
        final ThreadMemory[] members = team(mode(true), master, 3);
        members[1].local().writeByte(4242, (byte)5);
        members[2].local().writeByte(4242, (byte)9);
        final DataRaceException ex = assertThrows(DataRaceException.class, () -> join(members));
        assertTrue(ex.getMessage().contains("data race at the end of the parallel region: 1 byte(s)"), ex.getMessage());
        assertTrue(ex.getMessage().contains("offset 4242 (0x1092): thread 1 wrote 5, thread 2 wrote 9"),
            ex.getMessage());
    }

    @Test
    void shouldAcceptEqualValuesAndWarnAndKeepTheHighestThreadWhenRacesAreWarnings()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 2));
        final ThreadMemory[] members = team(mode(false), master, 3);
        for (int t = 0; t < 3; t++)
        {
            members[t].local().writeI32(64, 1);
        }
        members[0].local().writeByte(80, (byte)1);
        members[2].local().writeByte(80, (byte)3);
        barrier(members);
        assertEquals(1, members[1].local().readInt(64), "every thread continues from the merged memory");
        assertEquals(3, members[1].local().read(80));
        final String warning = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("data race at barrier: 1 byte(s)"), warning);
        assertTrue(warning.contains("offset 80 (0x50): thread 0 wrote 1, thread 2 wrote 3"), warning);
        join(members);
        assertEquals(3, master.read(80));
    }

    @Test
    void shouldHandWritesFromTheReleaserToTheNextAcquirer()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 2));
        final ThreadMemory[] members = team(mode(true), master, 2);
        // counter += 1 under a lock, alternately: the release publishes, the acquire pulls.
        for (int round = 0; round < 10; round++)
        {
            final ThreadMemory owner = members[round % 2];
            owner.acquire();
            owner.local().writeI32(512, owner.local().readInt(512) + 1);
            owner.release();
        }
        members[0].acquire();
        assertEquals(10, members[0].local().readInt(512));
        members[0].release();
        join(members);
        assertEquals(10, master.readInt(512), "lock-ordered writes to one counter are no race");
    }

    @Test
    void shouldCountEveryThreadsAtomicAddsOnOneValue()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 2));
        master.writeI32(256, 100);
        final ThreadMemory[] members = team(mode(true), master, 4);
        final int[] olds = new int[4];
        for (int t = 0; t < 4; t++)
        {
            olds[t] = members[t].local().atomicAddInt(256, 3);
            assertEquals(olds[t] + 3, members[t].local().readInt(256), "the thread sees its own update");
        }
        assertEquals(109, olds[3], "every add sees the ones before it");
        assertEquals(112, members[0].local().atomicReadInt(256));
        assertEquals(112, members[1].local().atomicCmpxchgInt(256, 112, 0));
        assertEquals(0, members[2].local().atomicReadInt(256));
        join(members);
        assertEquals(0, master.readInt(256));
        assertEquals(3, master.atomicAddInt(256, 5) + 3, "outside a team atomics act on the memory itself");
    }

    @Test
    void shouldReportAPlainWriteToAByteAnotherThreadUpdatesAtomically()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 2));
        final ThreadMemory[] members = team(mode(true), master, 2);
        members[0].local().atomicAddInt(128, 1);
        members[1].local().writeI32(128, 1);
        final DataRaceException ex = assertThrows(DataRaceException.class, () -> barrier(members));
        assertTrue(ex.getMessage().contains("a plain write to a byte other threads accessed atomically: offset 128"),
            ex.getMessage());
    }

    @Test
    void shouldCarryMemoryGrownByOneThreadToTheOthers()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 8));
        final ThreadMemory[] members = team(mode(true), master, 2);
        members[1].acquire();
        assertEquals(1, members[1].local().grow(2));
        members[1].local().writeLong(3 * 65536 - 8, 42L);
        members[1].release();
        members[0].acquire();
        assertEquals(3, members[0].local().pages());
        assertEquals(42L, members[0].local().readLong(3 * 65536 - 8));
        members[0].release();
        join(members);
        assertEquals(3, master.pages());
        assertEquals(42L, master.readLong(3 * 65536 - 8));
    }

    @Test
    void shouldTakeAPageOnlyOneThreadWroteByReferenceAndMergeAPageSeveralWroteByteByByte()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(4, 8));
        final ThreadMemory[] members = team(mode(true), master, 2);
        // page 1 is thread 0's alone, page 2 thread 1's alone, page 3 both threads' (disjoint bytes)
        members[0].local().writeLong(65536 + 8, 11L);
        members[1].local().writeLong(2 * 65536 + 8, 22L);
        members[0].local().writeLong(3 * 65536, 30L);
        members[1].local().writeLong(3 * 65536 + 8, 31L);
        for (final ThreadMemory member : members)
        {
            member.arrive();
        }
        members[0].team().mergeArrived();
        assertSame(members[1].arrived().pageArray(2), members[0].team().merged().pageArray(2),
            "the merge took thread 1's page from its arrival snapshot, no copy");
        for (final ThreadMemory member : members)
        {
            member.leave();
        }
        for (final ThreadMemory member : members)
        {
            assertEquals(11L, member.local().readLong(65536 + 8));
            assertEquals(22L, member.local().readLong(2 * 65536 + 8));
            assertEquals(30L, member.local().readLong(3 * 65536));
            assertEquals(31L, member.local().readLong(3 * 65536 + 8));
        }
        // a second phase writes the same pages again: each is copied once more, and merges the same way
        members[0].local().writeLong(65536 + 8, 12L);
        members[1].local().writeLong(2 * 65536 + 8, 23L);
        join(members);
        assertEquals(12L, master.readLong(65536 + 8));
        assertEquals(23L, master.readLong(2 * 65536 + 8));
    }

    @Test
    void shouldKeepBytesPublishedIntoAPageThatAnotherThreadAloneWritesBeforeTheBarrier()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(2, 4));
        master.writeLong(65536, 5L);
        final ThreadMemory[] members = team(mode(true), master, 2);
        // thread 0 updates a counter in page 1 inside a critical section; thread 1 writes elsewhere in page 1
        // without synchronising, from a base that still holds the old counter
        members[0].acquire();
        members[0].local().writeLong(65536, members[0].local().readLong(65536) + 1);
        members[0].release();
        members[1].local().writeLong(65536 + 64, 77L);
        barrier(members);
        for (final ThreadMemory member : members)
        {
            assertEquals(6L, member.local().readLong(65536), "thread 1's page must not bring back the old counter");
            assertEquals(77L, member.local().readLong(65536 + 64));
        }
        join(members);
        assertEquals(6L, master.readLong(65536));
        assertEquals(77L, master.readLong(65536 + 64));
    }

    @Test
    void shouldMergePagesGrownAndWrittenByOneThreadAtTheBarrier()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 8));
        final ThreadMemory[] members = team(mode(true), master, 2);
        assertEquals(1, members[0].local().grow(1));
        members[0].local().writeI32(65536 + 4, 9);
        members[1].local().writeI32(4, 8);
        join(members);
        assertEquals(2, master.pages());
        assertEquals(9, master.readInt(65536 + 4));
        assertEquals(8, master.readInt(4));
    }

    @Test
    void shouldNotCountPagesAThreadGrewButNeverWroteAsWritten()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(1, 8));
        final ThreadMemory[] members = team(mode(true), master, 2);
        assertEquals(1, members[0].local().grow(2));
        assertEquals(1, members[1].local().grow(2));
        members[1].local().writeI32(2 * 65536 + 4, 7);
        members[0].arrive();
        members[1].arrive();
        assertEquals(0, members[0].writtenPageCount(), "grown zero pages are no writes");
        assertEquals(1, members[1].writtenPageCount());
        assertEquals(2, members[1].writtenPages()[0]);
        members[0].team().end();
        assertEquals(3, master.pages());
        assertEquals(7, master.readInt(2 * 65536 + 4));
    }

    @Test
    void shouldMergeAPageSeveralThreadsWroteEightBytesAtATimeCountingEachRacingByte()
    {
        final TrackedMemory master = new TrackedMemory(new MemoryLimits(2, 4));
        master.writeLong(65536 + 800, 0x0102_0304_0506_0708L);
        final ThreadMemory[] members = team(mode(false), master, 4);
        // interleaved bytes of one word: disjoint, so no race
        members[0].local().writeByte(65536 + 16, (byte)1);
        members[1].local().writeByte(65536 + 17, (byte)2);
        members[3].local().writeShort(65536 + 22, (short)0x0403);
        // one word three threads change: threads 0 and 2 alike, thread 3 the same low byte but four other bytes
        members[0].local().writeLong(65536 + 800, 0x2122_2324_0506_07AAL);
        members[2].local().writeLong(65536 + 800, 0x2122_2324_0506_07AAL);
        members[3].local().writeLong(65536 + 800, 0x1112_1314_0506_07AAL);
        barrier(members);
        assertEquals(0x0403_0000_0000_0201L, members[1].local().readLong(65536 + 16));
        assertEquals(0x1112_1314_0506_07AAL, members[1].local().readLong(65536 + 800), "the highest thread's bytes");
        final String warning = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("data race at barrier: 4 byte(s)"), warning);
        assertTrue(warning.contains("offset 66340 (0x10324): thread 2 wrote 36, thread 3 wrote 20"), warning);
    }

    /**
     * Writes 40 pages that all three threads share (each its own bytes of each word, and on four pages one byte that
     * threads 1 and 2 set differently), joins, and returns the master's bytes with the warning.
     */
    private String joinSharedPages(final TrackedMemory master, final Function<ThreadMemory[], Runnable> wakeMembers)
    {
        final int pages = 40;
        final AtomicReference<ThreadMemory[]> team = new AtomicReference<>();
        final ThreadMemory[] members = team(mode(false), master, 3, () -> wakeMembers.apply(team.get()).run());
        team.set(members);
        for (int page = 1; page <= pages; page++)
        {
            for (int t = 0; t < 3; t++)
            {
                for (int at = 8 * t; at < 65536; at += 64)
                {
                    members[t].local().writeLong(page * 65536 + at, page * 1000L + t);
                }
            }
            if (page % 10 == 3)
            {
                members[1].local().writeByte(page * 65536 + 60, (byte)1);
                members[2].local().writeByte(page * 65536 + 60, (byte)2);
            }
        }
        join(members);
        final StringBuilder digest = new StringBuilder();
        for (int page = 1; page <= pages; page++)
        {
            digest.append(Arrays.hashCode(master.readBytes(page * 65536, 65536))).append(' ');
        }
        return digest + warnings.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldMergeSharedPagesTakenByAnotherThreadAsTheMergingThreadWould()
    {
        final String alone = joinSharedPages(new TrackedMemory(new MemoryLimits(48, 64)), members -> () -> { });
        warnings.reset();
        final AtomicInteger helped = new AtomicInteger();
        // the wake-up runs another thread that takes every page before the merging thread can take one
        final String helpedOut = joinSharedPages(new TrackedMemory(new MemoryLimits(48, 64)), members -> () ->
        {
            if (members[0].team() == null)
            {
                return;
            }
            final Thread helper = new Thread(() ->
            {
                if (members[0].team().helpMerge(members[2]))
                {
                    helped.incrementAndGet();
                }
            });
            helper.start();
            try
            {
                helper.join();
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        assertEquals(1, helped.get(), "the helper found the merge open");
        assertEquals(alone, helpedOut);
        assertTrue(alone.contains("data race at the end of the parallel region: 4 byte(s)"), alone);
        assertTrue(alone.contains("offset 196668 (0x3003c): thread 1 wrote 1, thread 2 wrote 2"), alone);
    }

    @Test
    void shouldMaskEveryNonZeroByteAndEveryAtomicByte()
    {
        assertEquals(0L, RaceMerger.byteMask(0L));
        assertEquals(0xFFL, RaceMerger.byteMask(1L));
        assertEquals(0xFF00_0000_0000_00FFL, RaceMerger.byteMask(0x8000_0000_0000_0080L));
        assertEquals(0x00FF_FF00_FF00_FF00L, RaceMerger.byteMask(0x0001_7F00_FF00_4000L));
        assertEquals(-1L, RaceMerger.byteMask(0x0101_0101_0101_0101L));
        final AtomicCells cells = new AtomicCells();
        cells.mark(65536 + 130, 4);
        cells.mark(65536 + 135, 1);
        assertEquals(0xFF00_FFFF_FFFF_0000L, AtomicCells.byteMask(cells.page(1), 128));
        assertEquals(0L, AtomicCells.byteMask(cells.page(1), 136));
    }
}
