package io.wabric.openmp.fork;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.snapshot.memory.CowMemory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fork-mode memory protocol on bare copy-on-write memories, one Java thread playing every team thread in turn
 * (the protocol's results do not depend on timing, only on the order of synchronisations).
 */
final class ForkTeamTest
{
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    private ForkMode mode(final boolean failOnRace)
    {
        return new ForkMode(failOnRace, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private static ThreadMemory[] team(final ForkMode mode, final CowMemory master, final int size)
    {
        final ThreadMemory[] members = new ThreadMemory[size];
        members[0] = new ThreadMemory(master);
        final ForkTeam team = ForkTeam.begin(mode, members[0], size);
        for (int t = 1; t < size; t++)
        {
            members[t] = new ThreadMemory(CowMemory.fork(master.snapshot()));
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
        final CowMemory master = new CowMemory(new MemoryLimits(2, 4));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 2));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 2));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 2));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 2));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 2));
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
        final CowMemory master = new CowMemory(new MemoryLimits(1, 8));
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
}
