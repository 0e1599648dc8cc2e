package io.wabric.mpi.collective;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.RemoteRoute;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

/**
 * One collective call's point-to-point messages, in the communicator's collective context, which user receives
 * (even wildcard ones) never see. The call's sequence number is part of every tag, so collectives in flight at the
 * same time (non-blocking ones, or a blocking one while a non-blocking one runs) never take each other's messages;
 * within a call every exchange names its peer and a step kind.
 *
 * <p>Opened on the rank's own thread (it takes the next sequence number); the call itself may then run on any
 * thread.
 */
public final class CollectiveChannel
{
    private static final int KIND_BITS = 4;

    final MpiRank rank;
    final Communicator comm;
    final int size;
    final int me;
    /** False for a non-blocking collective, whose algorithm runs on a helper thread (see {@link #blocking()}). */
    private final boolean blocking;
    private final int contextId;
    /** Set at each opening: a blocking channel is reused for the next call (see {@link #open}). */
    private int tagBase;
    private final int[] members;

    private CollectiveChannel(final MpiRank rank, final Communicator comm, final boolean blocking)
    {
        this.rank = rank;
        this.blocking = blocking;
        this.comm = comm;
        this.size = comm.size();
        this.me = comm.rank();
        this.contextId = comm.collectiveContextId();
        this.tagBase = comm.nextCollectiveSequence() << KIND_BITS;
        this.members = null;
    }

    private CollectiveChannel(final CollectiveChannel parent, final int[] members, final int myIndex)
    {
        this.rank = parent.rank;
        this.blocking = parent.blocking;
        this.comm = parent.comm;
        this.size = members.length;
        this.me = myIndex;
        this.contextId = parent.contextId;
        this.tagBase = parent.tagBase;
        this.members = members;
    }

    /**
     * The same call restricted to some of its ranks, renumbered 0..n-1 (for the leaders' step of a hierarchical
     * collective); its messages share the call's tags, so give its steps kinds the other steps do not use.
     *
     * @param subset  communicator ranks, in the order of their new numbers.
     * @param myIndex this rank's new number.
     */
    CollectiveChannel subset(final int[] subset, final int myIndex)
    {
        return new CollectiveChannel(this, subset, myIndex);
    }

    /**
     * How this call's ranks sit in processes, when a hierarchical algorithm pays: the communicator spans several
     * processes, at least one holds two or more of its ranks, and each process's ranks are consecutive in the
     * communicator (so combining within a process and then across processes keeps rank order, as non-commutative
     * operations need). {@code null} otherwise, and for a subset.
     */
    ProcessBlocks processBlocks()
    {
        final RemoteRoute remote = rank.world().remote();
        if (remote == null || members != null || size < 3)
        {
            return null;
        }
        final int[] firstOfBlock = new int[size];
        int blocks = 0;
        int previousProcess = -1;
        for (int r = 0; r < size; r++)
        {
            final int process = remote.processOf(comm.group().worldRank(r));
            if (process != previousProcess)
            {
                for (int b = 0; b < blocks; b++)
                {
                    if (remote.processOf(comm.group().worldRank(firstOfBlock[b])) == process)
                    {
                        return null;
                    }
                }
                firstOfBlock[blocks++] = r;
                previousProcess = process;
            }
        }
        if (blocks < 2 || blocks == size)
        {
            return null;
        }
        final int[] leaders = java.util.Arrays.copyOf(firstOfBlock, blocks);
        int myBlock = blocks - 1;
        while (leaders[myBlock] > me)
        {
            myBlock--;
        }
        final int end = myBlock + 1 < blocks ? leaders[myBlock + 1] : size;
        return new ProcessBlocks(leaders, myBlock, leaders[myBlock], end);
    }

    private int peer(final int index)
    {
        return members == null ? index : members[index];
    }

    /**
     * Starts a collective call: call on the rank's thread, in the order the program calls collectives.
     *
     * @param rank the calling rank.
     * @param comm the communicator.
     * @return the call's channel.
     */
    public static CollectiveChannel open(final MpiRank rank, final Communicator comm)
    {
        if (rank.thread() != Thread.currentThread())
        {
            return new CollectiveChannel(rank, comm, true);
        }
        // the rank's thread makes one blocking call at a time, and the call is over, its requests complete, when it
        // returns: the next call on the communicator can reuse the channel, so a solver's collective allocates none
        final Object cached = comm.blockingChannel();
        if (cached instanceof CollectiveChannel)
        {
            final CollectiveChannel channel = (CollectiveChannel)cached;
            channel.tagBase = comm.nextCollectiveSequence() << KIND_BITS;
            return channel;
        }
        final CollectiveChannel channel = new CollectiveChannel(rank, comm, true);
        comm.blockingChannel(channel);
        return channel;
    }

    /**
     * Starts a non-blocking collective call (MPI_Ibcast etc.): as {@link #open}, for an algorithm that runs on a
     * helper thread.
     *
     * @param rank the calling rank.
     * @param comm the communicator.
     * @return the call's channel.
     */
    public static CollectiveChannel openNonBlocking(final MpiRank rank, final Communicator comm)
    {
        return new CollectiveChannel(rank, comm, false);
    }

    /**
     * Whether the call blocks its caller. MPI matches blocking collectives only with blocking ones, so every member
     * of a call sees the same answer: blocking calls among ranks of one JVM may then meet in shared memory
     * ({@link LocalCollectives}), while non-blocking ones keep to messages, which let them overlap.
     *
     * @return true for a blocking call.
     */
    public boolean blocking()
    {
        return blocking;
    }

    /**
     * A work array of exactly {@code bytes} for this call: the rank's own, kept between calls, for a blocking call on
     * the rank's thread (which makes one at a time); a new one otherwise (non-blocking calls run side by side).
     *
     * @param slot  0 for the packed contribution, 1 for data received while combining.
     * @param bytes the length.
     * @return an array of that length; its contents are stale.
     */
    public byte[] scratch(final int slot, final int bytes)
    {
        return blocking && rank.thread() == Thread.currentThread() ? rank.collectiveScratch(slot, bytes) :
            new byte[bytes];
    }

    /**
     * @return whether this is the whole call's channel rather than a {@link #subset}.
     */
    boolean whole()
    {
        return members == null;
    }

    /**
     * @return the calling rank.
     */
    public MpiRank rank()
    {
        return rank;
    }

    /**
     * @return the communicator.
     */
    public Communicator comm()
    {
        return comm;
    }

    /**
     * @param kind a step kind, 0 to 15.
     * @return the tag of this call's messages of that kind: the call's sequence number above the kind.
     */
    int tag(final int kind)
    {
        return tagBase | kind;
    }

    void send(final int dest, final int kind, final DataRef data)
    {
        PointToPoint.send(rank, comm, contextId, peer(dest), tag(kind), data);
    }

    Request isend(final int dest, final int kind, final DataRef data)
    {
        return PointToPoint.isend(rank, comm, contextId, peer(dest), tag(kind), data, false);
    }

    void recv(final int source, final int kind, final DataRef buffer)
    {
        final Request receive = PointToPoint.recv(rank, contextId, peer(source), tag(kind), buffer);
        check(receive);
        PointToPoint.release(rank, receive);
    }

    Request irecv(final int source, final int kind, final DataRef buffer)
    {
        return PointToPoint.irecv(rank, contextId, peer(source), tag(kind), buffer);
    }

    void sendrecv(final int dest, final DataRef sendData, final int source, final DataRef recvBuffer, final int kind)
    {
        final Request receive = irecv(source, kind, recvBuffer);
        final Request send = isend(dest, kind, sendData);
        rank.await(receive);
        rank.await(send);
        check(receive);
        PointToPoint.release(rank, receive);
        PointToPoint.release(rank, send);
    }

    /**
     * Waits for one request of this call, checks it and releases it.
     */
    void complete(final Request request)
    {
        rank.await(request);
        check(request);
        PointToPoint.release(rank, request);
    }

    void waitAll(final Request[] requests)
    {
        for (final Request request : requests)
        {
            if (request != null)
            {
                rank.await(request);
                check(request);
                PointToPoint.release(rank, request);
            }
        }
    }

    /**
     * {@code inout = in op inout}; a user function always runs on the rank's own thread, which owns its guest.
     */
    void combine(final Operation op, final Datatype type, final int typeHandle, final byte[] in, final int inOffset,
        final byte[] inout, final int ioOffset, final int count)
    {
        if (op.predefined() != null)
        {
            op.apply(null, type, typeHandle, in, inOffset, inout, ioOffset, count);
            return;
        }
        rank.runOnRankThread(() -> op.apply(rank.guest(), type, typeHandle, in, inOffset, inout, ioOffset, count));
    }

    /**
     * {@code inout = in op inout} over whole arrays; see the offset form.
     */
    void combine(final Operation op, final Datatype type, final int typeHandle, final byte[] in, final byte[] inout,
        final int count)
    {
        combine(op, type, typeHandle, in, 0, inout, 0, count);
    }

    private static void check(final Request request)
    {
        if (request.error() != MpiError.SUCCESS)
        {
            throw new MpiException(request.error(), request.errorMessage() +
                " (the counts or datatypes of a collective differ between ranks)");
        }
    }

    /**
     * The ranks of a call grouped by process: each block is consecutive communicator ranks, led by its first.
     */
    static final class ProcessBlocks
    {
        /** The first communicator rank of each process's block, in communicator order. */
        final int[] leaders;
        /** This rank's block. */
        final int myBlock;
        /** This block's leader (its first rank). */
        final int leader;
        /** One past this block's last rank. */
        final int end;

        ProcessBlocks(final int[] leaders, final int myBlock, final int leader, final int end)
        {
            this.leaders = leaders;
            this.myBlock = myBlock;
            this.leader = leader;
            this.end = end;
        }
    }
}
