package io.wabric.mpi.collective;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Datatypes;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reductions in shared memory among ranks of one JVM: each rank on its own thread, as under {@code wabric mpirun}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class LocalCollectivesTest
{
    private static final int MPI_INT = 7;
    private static final int MPI_DOUBLE = 14;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown()
    {
        threads.shutdownNow();
    }

    @Test
    void shouldSumEveryElementOnEveryRankWhenSharesSpanSeveralChunks() throws Exception
    {
        final int ranks = 3;
        final int count = 10_007;
        final MpiWorld world = new MpiWorld(ranks);
        final double[][] results = new double[ranks][];
        run(world, rank ->
        {
            final byte[] send = doubles(count, i -> i * (rank.worldRank() + 1.0));
            final byte[] recv = new byte[count * Double.BYTES];
            assertTrue(LocalCollectives.reduce(open(rank), DataRef.host(send), DataRef.host(recv), type(MPI_DOUBLE),
                Operation.of(PredefinedOp.SUM), -1, "MPI_Allreduce"));
            results[rank.worldRank()] = toDoubles(recv);
        });
        for (int r = 0; r < ranks; r++)
        {
            for (int i = 0; i < count; i++)
            {
                assertEquals(i * 6.0, results[r][i], "rank " + r + " element " + i);
            }
        }
    }

    @Test
    void shouldWriteOnlyTheRootWhenReducing() throws Exception
    {
        final int ranks = 2;
        final MpiWorld world = new MpiWorld(ranks);
        final byte[][] receives = new byte[ranks][];
        run(world, rank ->
        {
            final byte[] send = ints(5, i -> i + 10 * rank.worldRank());
            final byte[] recv = ints(5, i -> -1);
            receives[rank.worldRank()] = recv;
            LocalCollectives.reduce(open(rank), DataRef.host(send), DataRef.host(recv), type(MPI_INT),
                Operation.of(PredefinedOp.MAX), 1, "MPI_Reduce");
        });
        assertEquals(-1, toInts(receives[0])[4]);
        assertEquals(14, toInts(receives[1])[4]);
    }

    @Test
    void shouldPackAndUnpackWhenGuestMemoryIsNotOneArray() throws Exception
    {
        final int ranks = 2;
        final int count = 3000;
        final MpiWorld world = new MpiWorld(ranks);
        final double[][] results = new double[ranks][];
        run(world, rank ->
        {
            final ByteArrayMemory memory = new ByteArrayMemory(new MemoryLimits(1, 1));
            final int sendAddress = 8;
            final int recvAddress = 32_768;
            for (int i = 0; i < count; i++)
            {
                memory.writeF64(sendAddress + i * Double.BYTES, i + rank.worldRank());
            }
            final Datatype type = type(MPI_DOUBLE);
            LocalCollectives.reduce(open(rank), DataRef.guest(memory, sendAddress, type, count),
                DataRef.guest(memory, recvAddress, type, count), type, Operation.of(PredefinedOp.SUM), -1,
                "MPI_Allreduce");
            final double[] got = new double[count];
            for (int i = 0; i < count; i++)
            {
                got[i] = memory.readDouble(recvAddress + i * Double.BYTES);
            }
            results[rank.worldRank()] = got;
        });
        for (int r = 0; r < ranks; r++)
        {
            assertEquals(2.0 * (count - 1) + 1, results[r][count - 1]);
            assertEquals(1.0, results[r][0]);
        }
    }

    @Test
    void shouldFailOnEveryRankAndStayUsableWhenLengthsDiffer() throws Exception
    {
        final int ranks = 2;
        final MpiWorld world = new MpiWorld(ranks);
        final String[] errors = new String[ranks];
        final int[][] sums = new int[ranks][];
        run(world, rank ->
        {
            final int count = rank.worldRank() == 0 ? 2 : 3;
            final MpiException ex = assertThrows(MpiException.class, () -> LocalCollectives.reduce(open(rank),
                DataRef.host(new byte[count * 4]), DataRef.host(new byte[count * 4]), type(MPI_INT),
                Operation.of(PredefinedOp.SUM), -1, "MPI_Allreduce"));
            assertEquals(MpiError.ERR_TRUNCATE, ex.error());
            errors[rank.worldRank()] = ex.getMessage();
            final byte[] recv = new byte[8];
            LocalCollectives.reduce(open(rank), DataRef.host(ints(2, i -> i + 1)), DataRef.host(recv),
                type(MPI_INT), Operation.of(PredefinedOp.SUM), -1, "MPI_Allreduce");
            sums[rank.worldRank()] = toInts(recv);
        });
        assertTrue(errors[0].contains("rank 0 pass 8 bytes and rank 1 pass 12 bytes"), errors[0]);
        assertEquals(errors[0].replace("rank 0 sees", ""), errors[1].replace("rank 1 sees", ""));
        assertEquals(4, sums[0][1]);
        assertEquals(4, sums[1][1]);
    }

    @Test
    void shouldCopyTheRootsBufferIntoEveryRankWhenBroadcasting() throws Exception
    {
        final int ranks = 3;
        final int count = 50_000;
        final MpiWorld world = new MpiWorld(ranks);
        final int[][] results = new int[ranks][];
        run(world, rank ->
        {
            final byte[] buffer = ints(count, i -> rank.worldRank() == 2 ? i * 3 : -1);
            assertTrue(LocalCollectives.bcast(open(rank), DataRef.host(buffer), 2));
            results[rank.worldRank()] = toInts(buffer);
        });
        for (int r = 0; r < ranks; r++)
        {
            assertEquals(0, results[r][0]);
            assertEquals((count - 1) * 3, results[r][count - 1], "rank " + r);
        }
    }

    @Test
    void shouldReleaseNoRankBeforeEveryRankArrivesAtABarrier() throws Exception
    {
        final int ranks = 4;
        final int rounds = 2000;
        final MpiWorld world = new MpiWorld(ranks);
        final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
        final int[] early = new int[ranks];
        run(world, rank ->
        {
            for (int round = 1; round <= rounds; round++)
            {
                arrived.incrementAndGet();
                assertTrue(LocalCollectives.barrier(open(rank)));
                if (arrived.get() < round * ranks)
                {
                    early[rank.worldRank()]++;
                }
                assertTrue(LocalCollectives.barrier(open(rank)));
            }
        });
        assertEquals(0, early[0] + early[1] + early[2] + early[3]);
        assertEquals(rounds * ranks, arrived.get());
    }

    @Test
    void shouldAllocateNothingPerCallInSteadyState() throws Exception
    {
        final int ranks = 2;
        final int calls = 20_000;
        final MpiWorld world = new MpiWorld(ranks);
        final long[] allocatedBytes = new long[ranks];
        final com.sun.management.ThreadMXBean threadBean =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        run(world, rank ->
        {
            final DataRef send = DataRef.host(doubles(4096, i -> i));
            final DataRef recv = DataRef.host(new byte[4096 * Double.BYTES]);
            final DataRef smallSend = DataRef.host(doubles(2, i -> i));
            final DataRef smallRecv = DataRef.host(new byte[2 * Double.BYTES]);
            final CollectiveChannel channel = open(rank);
            final Datatype type = type(MPI_DOUBLE);
            final Operation sum = Operation.of(PredefinedOp.SUM);
            for (int i = 0; i < calls; i++)
            {
                LocalCollectives.reduce(channel, send, recv, type, sum, -1, "MPI_Allreduce");
                LocalCollectives.bcast(channel, recv, 0);
                LocalCollectives.reduce(channel, smallSend, smallRecv, type, sum, -1, "MPI_Allreduce");
                LocalCollectives.bcast(channel, smallRecv, 0);
            }
            final long before = threadBean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++)
            {
                LocalCollectives.reduce(channel, send, recv, type, sum, -1, "MPI_Allreduce");
                LocalCollectives.bcast(channel, recv, 0);
                LocalCollectives.reduce(channel, smallSend, smallRecv, type, sum, -1, "MPI_Allreduce");
                LocalCollectives.bcast(channel, smallRecv, 0);
            }
            allocatedBytes[rank.worldRank()] = threadBean.getCurrentThreadAllocatedBytes() - before;
        });
        // a few hundred bytes may come from the JIT swapping in compiled code; per call it must be nothing
        for (int r = 0; r < ranks; r++)
        {
            assertTrue(allocatedBytes[r] < calls, "rank " + r + " allocated " + allocatedBytes[r] + " bytes in " +
                calls + " rounds of allreduce and bcast, 32 KiB and 16 B");
        }
    }

    @Test
    void shouldExchangeBlocksAndFailOnEveryRankWhenOneIsTooSmall() throws Exception
    {
        final int ranks = 3;
        final MpiWorld world = new MpiWorld(ranks);
        final int[][] received = new int[ranks][];
        final String[] errors = new String[ranks];
        run(world, rank ->
        {
            final int me = rank.worldRank();
            final byte[] send = ints(ranks * 2, i -> me * 100 + i);
            final byte[] recv = new byte[ranks * 8];
            final DataRef[] sendBlocks = new DataRef[ranks];
            final DataRef[] recvBlocks = new DataRef[ranks];
            for (int r = 0; r < ranks; r++)
            {
                sendBlocks[r] = DataRef.host(send, r * 8, 8);
                recvBlocks[r] = DataRef.host(recv, r * 8, 8);
            }
            assertTrue(LocalCollectives.alltoall(open(rank), sendBlocks, recvBlocks));
            received[me] = toInts(recv);
            if (me == 2)
            {
                recvBlocks[1] = DataRef.host(recv, 8, 4);
            }
            final MpiException ex = assertThrows(MpiException.class,
                () -> LocalCollectives.alltoall(open(rank), sendBlocks, recvBlocks));
            assertEquals(MpiError.ERR_TRUNCATE, ex.error());
            errors[me] = ex.getMessage();
        });
        assertEquals(1 * 100 + 2 * 2 + 1, received[2][3]);
        assertEquals(2 * 100 + 0 * 2, received[0][4]);
        assertTrue(errors[0].contains("rank 1 sends 8 bytes to rank 2, which receives at most 4 bytes"), errors[0]);
        assertEquals(errors[0], errors[1]);
        assertEquals(errors[0], errors[2]);
    }

    @Test
    void shouldKeepSmallCallsApartWhenTheyFollowEachOtherWithoutABarrier() throws Exception
    {
        // small calls arrive once and alternate between two sets of slots: a fast rank's next call must not
        // overwrite what a slow rank is still reading; mixed with two-arrival (large) calls and barriers
        final int ranks = 3;
        final int rounds = 3000;
        final MpiWorld world = new MpiWorld(ranks);
        final int[] wrong = new int[ranks];
        run(world, rank ->
        {
            final int me = rank.worldRank();
            final CollectiveChannel channel = open(rank);
            final Datatype type = type(MPI_INT);
            final Operation sum = Operation.of(PredefinedOp.SUM);
            final byte[] recv = new byte[16];
            final byte[] large = new byte[LocalArea.SMALL_BYTES + 4];
            for (int r = 0; r < rounds; r++)
            {
                final int round = r;
                final int value = round * 10 + me;
                LocalCollectives.reduce(channel, DataRef.host(ints(4, i -> value + i)), DataRef.host(recv), type,
                    sum, -1, "MPI_Allreduce");
                wrong[me] += toInts(recv)[3] == round * 30 + 3 + 3 * 3 ? 0 : 1;
                final byte[] root = ints(4, i -> me == round % ranks ? round + i : -1);
                LocalCollectives.bcast(channel, DataRef.host(root), round % ranks);
                wrong[me] += toInts(root)[2] == round + 2 ? 0 : 1;
                final byte[] toRoot = ints(4, i -> -7);
                LocalCollectives.reduce(channel, DataRef.host(ints(4, i -> value)), DataRef.host(toRoot), type,
                    Operation.of(PredefinedOp.MAX), round % ranks, "MPI_Reduce");
                wrong[me] += toInts(toRoot)[0] == (me == round % ranks ? round * 10 + 2 : -7) ? 0 : 1;
                if (round % 7 == 0)
                {
                    LocalCollectives.bcast(channel, DataRef.host(large), 0);
                    LocalCollectives.barrier(channel);
                }
            }
        });
        assertEquals(0, wrong[0] + wrong[1] + wrong[2], "wrong results per rank: " + wrong[0] + " " + wrong[1] + " " +
            wrong[2]);
    }

    @Test
    void shouldFailOnEveryRankWhenOneLengthIsSmallAndAnotherLarge() throws Exception
    {
        // one rank's operand fits the one-arrival path and the other's does not: both must still fail alike, and the
        // communicator must stay usable
        final int ranks = 2;
        final MpiWorld world = new MpiWorld(ranks);
        final String[] errors = new String[2 * ranks];
        final int[][] after = new int[ranks][];
        run(world, rank ->
        {
            final int me = rank.worldRank();
            final int bytes = me == 0 ? LocalArea.SMALL_BYTES : 4 * LocalArea.SMALL_BYTES;
            errors[me] = assertThrows(MpiException.class, () -> LocalCollectives.reduce(open(rank),
                DataRef.host(new byte[bytes]), DataRef.host(new byte[bytes]), type(MPI_INT),
                Operation.of(PredefinedOp.SUM), -1, "MPI_Allreduce")).getMessage();
            errors[ranks + me] = assertThrows(MpiException.class,
                () -> LocalCollectives.bcast(open(rank), DataRef.host(new byte[bytes]), 1)).getMessage();
            final byte[] recv = new byte[4];
            LocalCollectives.reduce(open(rank), DataRef.host(ints(1, i -> me + 1)), DataRef.host(recv), type(MPI_INT),
                Operation.of(PredefinedOp.SUM), -1, "MPI_Allreduce");
            after[me] = toInts(recv);
        });
        assertTrue(errors[0].contains("rank 0 pass 1024 bytes and rank 1 pass 4096 bytes"), errors[0]);
        assertEquals(errors[0].replace("rank 0 sees", ""), errors[1].replace("rank 1 sees", ""));
        assertTrue(errors[2].startsWith("MPI_Bcast: "), errors[2]);
        assertEquals(errors[2].replace("rank 0 sees", ""), errors[3].replace("rank 1 sees", ""));
        assertEquals(3, after[0][0]);
        assertEquals(3, after[1][0]);
    }

    @Test
    void shouldLeaveNonBlockingCallsAndUserOperationsToMessages()
    {
        final MpiWorld world = new MpiWorld(2);
        final MpiRank rank = world.rank(0);
        rank.thread(Thread.currentThread());
        final Communicator comm = rank.comms().get(MpiRank.COMM_WORLD);
        final DataRef data = DataRef.host(new byte[8]);
        assertFalse(LocalCollectives.reduce(CollectiveChannel.openNonBlocking(rank, comm), data, data,
            type(MPI_DOUBLE), Operation.of(PredefinedOp.SUM), -1, "MPI_Iallreduce"));
        assertFalse(LocalCollectives.reduce(CollectiveChannel.open(rank, comm), data, data, type(MPI_DOUBLE),
            Operation.user(1, true), -1, "MPI_Allreduce"));
    }

    /** One rank's part of a test. */
    @FunctionalInterface
    private interface RankBody
    {
        void run(MpiRank rank) throws Exception;
    }

    private void run(final MpiWorld world, final RankBody body) throws Exception
    {
        final List<Future<?>> done = new ArrayList<>();
        for (int r = 0; r < world.size(); r++)
        {
            final MpiRank rank = world.rank(r);
            done.add(threads.submit(() ->
            {
                rank.thread(Thread.currentThread());
                body.run(rank);
                return null;
            }));
        }
        for (final Future<?> future : done)
        {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    private static CollectiveChannel open(final MpiRank rank)
    {
        return CollectiveChannel.open(rank, rank.comms().get(MpiRank.COMM_WORLD));
    }

    private static Datatype type(final int handle)
    {
        return Datatypes.predefined(handle);
    }

    private static byte[] doubles(final int count, final java.util.function.IntToDoubleFunction value)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(count * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            buffer.putDouble(value.applyAsDouble(i));
        }
        return buffer.array();
    }

    private static double[] toDoubles(final byte[] bytes)
    {
        final double[] values = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    private static byte[] ints(final int count, final java.util.function.IntUnaryOperator value)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(count * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++)
        {
            buffer.putInt(value.applyAsInt(i));
        }
        return buffer.array();
    }

    private static int[] toInts(final byte[] bytes)
    {
        final int[] values = new int[bytes.length / Integer.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }
}
