package io.wabric.mpi.collective;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.p2p.Waiter;
import io.wabric.mpi.world.MpiRank;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * What the members of one communicator share when every member is a rank of this JVM: a slot per member where a
 * collective call publishes its buffers (the arrays behind the guests' linear memories, so a member reads and writes
 * another member's buffer directly), and a counting barrier that separates the call's phases. One area serves every
 * blocking collective on the communicator in turn; MPI's rule that members call collectives in the same order keeps
 * them in step.
 *
 * <p>The barrier is sense-free: each call has a generation number; a member arrives by incrementing
 * {@code arrived}, the last to arrive resets it and publishes the next generation (a volatile write that releases
 * every slot written before arriving), then wakes the members that sleep. The others wait in
 * {@link MpiRank#await(BooleanSupplier)} for the generation to move, so they spin, yield and park like any MPI wait
 * and leave with {@link io.wabric.mpi.error.JobAbortedException} when the job fails.
 *
 * <pre>
 *   member:   publish slot ─► arrive ─► (generation g+1) ─► work on every slot ─► arrive ─► (g+2) ─► return
 *   slots are read by others only between the two generations; nobody rewrites a slot before g+2, and a member
 *   whose work fails still arrives the second time before it throws
 * </pre>
 */
final class LocalArea
{
    final int size;
    final byte[][] sendArrays;
    final int[] sendOffsets;
    final byte[][] recvArrays;
    final int[] recvOffsets;
    final int[] byteLengths;
    /** Each member's send blocks (one per peer) of a gather-like call: alltoall, allgather, scatter. */
    final DataRef[][] sendBlocks;
    /** Each member's receive blocks (one per peer), or its single buffer as a one-block array. */
    final DataRef[][] recvBlocks;
    /** Each member's single send buffer of a gather. */
    final DataRef[] sendData;
    final byte[][] scratch;
    private final Waiter[] waiters;
    private final GenerationWait[] waits;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    LocalArea(final int size)
    {
        this.size = size;
        this.sendArrays = new byte[size][];
        this.sendOffsets = new int[size];
        this.recvArrays = new byte[size][];
        this.recvOffsets = new int[size];
        this.byteLengths = new int[size];
        this.sendBlocks = new DataRef[size][];
        this.recvBlocks = new DataRef[size][];
        this.sendData = new DataRef[size];
        this.scratch = new byte[size][];
        this.waiters = new Waiter[size];
        this.waits = new GenerationWait[size];
        for (int i = 0; i < size; i++)
        {
            waits[i] = new GenerationWait(this);
        }
    }

    /**
     * Arrives at the barrier and waits for every member.
     *
     * @param me   the member arriving.
     * @param rank its rank, whose wait loop is used.
     */
    void arrive(final int me, final MpiRank rank)
    {
        final Waiter own = rank.waiter();
        waiters[me] = own != null && own.thread() == Thread.currentThread() ? own :
            Waiter.unconditional(Thread.currentThread());
        final int current = generation;
        if (arrived.incrementAndGet() == size)
        {
            arrived.set(0);
            generation = current + 1;
            for (int i = 0; i < size; i++)
            {
                final Waiter waiter = waiters[i];
                if (i != me && waiter != null)
                {
                    waiter.wake();
                }
            }
            return;
        }
        final GenerationWait wait = waits[me];
        wait.leftGeneration = current;
        rank.await(wait);
    }

    /**
     * @param me a member.
     * @param bytes the least size it needs.
     * @return the member's scratch array, at least {@code bytes} long, kept for its next calls.
     */
    byte[] scratch(final int me, final int bytes)
    {
        byte[] array = scratch[me];
        if (array == null || array.length < bytes)
        {
            array = new byte[bytes];
            scratch[me] = array;
        }
        return array;
    }

    /**
     * Forgets the buffers a member published, so the area holds no guest memory between calls.
     */
    void clear(final int me)
    {
        sendArrays[me] = null;
        recvArrays[me] = null;
        sendBlocks[me] = null;
        recvBlocks[me] = null;
        sendData[me] = null;
    }

    /** A member's wait for the generation to move past the one it arrived in; one per member, reused. */
    private static final class GenerationWait implements BooleanSupplier
    {
        private final LocalArea area;
        int leftGeneration;

        GenerationWait(final LocalArea area)
        {
            this.area = area;
        }

        @Override
        public boolean getAsBoolean()
        {
            return area.generation != leftGeneration;
        }
    }
}
