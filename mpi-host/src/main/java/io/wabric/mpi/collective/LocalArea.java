package io.wabric.mpi.collective;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.p2p.Waiter;
import io.wabric.mpi.world.MpiRank;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

/**
 * What the members of one communicator share when every member is a rank of this JVM: a slot per member where a
 * collective call publishes its buffers (the arrays behind the guests' linear memories, so a member reads and writes
 * another member's buffer directly), and a counting barrier that separates the call's phases. One area serves every
 * blocking collective on the communicator in turn; MPI's rule that members call collectives in the same order keeps
 * them in step.
 *
 * <p>The barrier is a row of arrival counters, one per member on a cache line of its own: a member arrives by
 * storing its next count (a volatile write that releases every slot written before it), wakes the members that
 * sleep, and waits until every member's count has reached its own. Nobody writes a shared counter, so a barrier of
 * two costs one cache-line transfer each way, both at once (a shared counter cost an atomic increment on a
 * contended line and then the release: 0.48 us a barrier against 0.3 for OpenMPI's whole 8 B allreduce). Waiting
 * goes through {@link MpiRank#await(BooleanSupplier)}, so members spin, yield and park like any MPI wait and leave
 * with {@link io.wabric.mpi.error.JobAbortedException} when the job fails.
 *
 * <pre>
 *   member:   publish slot ─► arrive (a) ─► work on every slot ─► arrive (a+1) ─► return
 *   slots are read by others only between arrivals a and a+1; nobody rewrites a slot before all have reached a+1,
 *   and a member whose work fails still arrives the second time before it throws
 * </pre>
 *
 * <p>Calls of at most {@link #SMALL_BYTES} per member arrive once: each member copies its operand into its own
 * small slot of the set for that arrival's parity, arrives, and reads every member's slot. A member can write the
 * set of parity a again only at arrival a + 2, which it reaches after every member has arrived at a + 1, so
 * after every member has finished reading set a.
 */
final class LocalArea
{
    /** The largest operand per member of a call that arrives once, through the small slots. */
    static final int SMALL_BYTES = 1024;
    private static final int COUNTER_STRIDE = 16;

    final int size;
    final byte[][] sendArrays;
    final int[] sendOffsets;
    final byte[][] recvArrays;
    final int[] recvOffsets;
    /**
     * Each member's byte length for a call, {@code [parity * size + member]} by the parity of the call's first
     * arrival: read after that arrival in both kinds of call, and a member that has left a one-arrival call may
     * publish its next call's length before a slower member has read this one's.
     */
    private final int[] byteLengths;
    /** Each member's send blocks (one per peer) of a gather-like call: alltoall, allgather, scatter. */
    final DataRef[][] sendBlocks;
    /** Each member's receive blocks (one per peer), or its single buffer as a one-block array. */
    final DataRef[][] recvBlocks;
    /** Each member's single send buffer of a gather. */
    final DataRef[] sendData;
    final byte[][] scratch;
    /** Operand slots of one-arrival calls: {@code [parity * size + member]}, {@link #SMALL_BYTES} each. */
    private final byte[][] smallSlots;
    private final Waiter[] waiters;
    private final ArrivalWait[] waits;
    /** Member m's arrival count at index {@code m * COUNTER_STRIDE}, so that each has a cache line (128 B). */
    private final AtomicLongArray arrivals;

    LocalArea(final int size)
    {
        this.size = size;
        this.sendArrays = new byte[size][];
        this.sendOffsets = new int[size];
        this.recvArrays = new byte[size][];
        this.recvOffsets = new int[size];
        this.byteLengths = new int[2 * size];
        this.sendBlocks = new DataRef[size][];
        this.recvBlocks = new DataRef[size][];
        this.sendData = new DataRef[size];
        this.scratch = new byte[size][];
        this.smallSlots = new byte[2 * size][SMALL_BYTES];
        this.waiters = new Waiter[size];
        this.waits = new ArrivalWait[size];
        this.arrivals = new AtomicLongArray(size * COUNTER_STRIDE);
        for (int i = 0; i < size; i++)
        {
            waits[i] = new ArrivalWait(this);
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
        final long arrival = arrivals.get(me * COUNTER_STRIDE) + 1;
        // volatile, not release: a sleeper announces itself (parked = true) and then reads the counters, so this
        // write must be visible before the parked flags are read below, or a wake-up could be lost
        arrivals.set(me * COUNTER_STRIDE, arrival);
        for (int i = 0; i < size; i++)
        {
            final Waiter waiter = waiters[i];
            if (i != me && waiter != null)
            {
                waiter.wake();
            }
        }
        final ArrivalWait wait = waits[me];
        wait.arrival = arrival;
        if (!wait.getAsBoolean())
        {
            rank.await(wait);
        }
    }

    /**
     * @param me a member.
     * @return the count its next {@link #arrive} will publish; its parity picks the small slots of a one-arrival call.
     */
    long nextArrival(final int me)
    {
        return arrivals.get(me * COUNTER_STRIDE) + 1;
    }

    /**
     * Publishes a member's byte length for its next call; call before that call's first {@link #arrive}.
     *
     * @param me    the member.
     * @param bytes its length.
     */
    void publishLength(final int me, final int bytes)
    {
        byteLengths[(int)(nextArrival(me) & 1) * size + me] = bytes;
    }

    /**
     * @param member a member.
     * @param me     the member asking, after the call's first arrival (and before its second).
     * @return the length the member published for this call.
     */
    int length(final int member, final int me)
    {
        return byteLengths[(int)(arrivals.get(me * COUNTER_STRIDE) & 1) * size + member];
    }

    /**
     * @param member  a member.
     * @param arrival the arrival of the call, from {@link #nextArrival}.
     * @return the member's small slot for that call: written by the member before it arrives, read by all after.
     */
    byte[] smallSlot(final int member, final long arrival)
    {
        return smallSlots[(int)(arrival & 1) * size + member];
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

    /** A member's wait for every member to reach its arrival; one per member, reused. */
    private static final class ArrivalWait implements BooleanSupplier
    {
        private final LocalArea area;
        long arrival;

        ArrivalWait(final LocalArea area)
        {
            this.area = area;
        }

        @Override
        public boolean getAsBoolean()
        {
            final AtomicLongArray arrivals = area.arrivals;
            for (int i = 0; i < area.size; i++)
            {
                if (arrivals.get(i * COUNTER_STRIDE) < arrival)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
