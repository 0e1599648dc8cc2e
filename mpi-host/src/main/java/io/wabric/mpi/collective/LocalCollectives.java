package io.wabric.mpi.collective;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.op.Reductions;
import io.wabric.mpi.world.MpiRank;

/**
 * Blocking collectives among ranks that share this JVM, done in shared memory instead of by messages. A barrier is
 * the area's barrier; a broadcast copies the root's buffer into every member's at once; in a reduction every member
 * publishes its buffers in the communicator's {@link LocalArea}, then reduces its own share of the elements straight
 * out of every member's send buffer and writes the result straight into every member's receive buffer. Each byte is
 * read once and written once per receiver, the members work in parallel, nothing is allocated in steady state and no
 * message is sent; recursive doubling over messages would instead copy the whole vector log2(n) times per rank and
 * reduce all of it on every rank.
 *
 * <pre>
 *   elements  0 ........ E/n ........ 2E/n ....... E
 *             | member 0  | member 1   | member 2   |     member m: out[k] = in0[k] op (in1[k] op (... op in{n-1}[k]))
 *             '-----------'------------'------------'     for k in its share, written to every member's receive buffer
 * </pre>
 *
 * <p>Operands combine in rank order (right to left, which associativity allows), so every member gets the same bits,
 * for any team size. Only predefined operations are taken (user functions run in the calling rank's guest, and
 * {@link Collectives} keeps them on messages), and the shares are cut in the datatype's primitive elements. Every
 * member makes the same choice between shared memory and messages, from facts MPI makes equal on all members: the
 * call is blocking, the communicator's members, and whether the operation is predefined.
 */
public final class LocalCollectives
{
    /** Elements reduced per step, sized to stay in the L1 cache. */
    private static final int CHUNK_BYTES = 16 * 1024;

    private LocalCollectives()
    {
    }

    /**
     * @param channel an opened call.
     * @return the communicator's shared area when this call can run in shared memory: blocking, on a communicator of
     *         at least two members all in this JVM; else {@code null}. The answer is the same on every member.
     */
    static LocalArea area(final CollectiveChannel channel)
    {
        if (!channel.blocking() || !channel.whole() || channel.size < 2)
        {
            return null;
        }
        return LocalAreas.of(channel.rank.world(), channel.comm);
    }

    /**
     * MPI_Barrier in shared memory, when the call allows it.
     *
     * @param channel the opened call.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean barrier(final CollectiveChannel channel)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        area.arrive(channel.me, channel.rank);
        return true;
    }

    /**
     * MPI_Bcast in shared memory, when the call allows it: every member copies the root's buffer straight into its
     * own, all at once.
     *
     * @param channel the opened call.
     * @param buffer  the root's data, the others' receive buffer.
     * @param root    the root.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean bcast(final CollectiveChannel channel, final DataRef buffer, final int root)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        final int me = channel.me;
        final int bytes = buffer.byteLength();
        if (bytes <= LocalArea.SMALL_BYTES)
        {
            bcastSmall(channel, area, buffer, root);
            return true;
        }
        if (me == root)
        {
            final byte[] array = buffer.contiguousArray();
            area.sendArrays[me] = array != null ? array : buffer.toBytes();
            area.sendOffsets[me] = array != null ? buffer.contiguousOffset() : 0;
        }
        area.publishLength(me, bytes);
        area.arrive(me, channel.rank);
        RuntimeException failure = null;
        try
        {
            checkLengths(area, me, "MPI_Bcast");
            if (me != root && bytes > 0)
            {
                // one copy straight into the buffer when it is one run (unpack's contiguous case)
                buffer.unpack(area.sendArrays[root], area.sendOffsets[root], bytes);
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        leave(area, me, channel.rank, failure);
        return true;
    }

    /**
     * MPI_Bcast of at most {@link LocalArea#SMALL_BYTES}: the root copies its buffer into its small slot, and after
     * the one arrival every other member copies it out. When the lengths disagree every member arrives a second
     * time and fails alike, as the two-arrival path does (so a member whose length is over the limit meets them).
     */
    private static void bcastSmall(final CollectiveChannel channel, final LocalArea area, final DataRef buffer,
        final int root)
    {
        final int me = channel.me;
        final int bytes = buffer.byteLength();
        final long arrival = area.nextArrival(me);
        if (me == root)
        {
            buffer.pack(area.smallSlot(me, arrival), 0);
        }
        area.publishLength(me, bytes);
        area.arrive(me, channel.rank);
        if (!sameLengths(area, me))
        {
            failOnLengths(channel, area, "MPI_Bcast");
            return;
        }
        if (me != root && bytes > 0)
        {
            buffer.unpack(area.smallSlot(root, arrival), 0, bytes);
        }
    }

    /**
     * MPI_Alltoall(v) in shared memory, when the call allows it: every member copies its block from each member's
     * send buffer straight into its receive buffer.
     *
     * @param channel    the opened call.
     * @param sendBlocks this member's block for each destination.
     * @param recvBlocks its receive block for each source.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean alltoall(final CollectiveChannel channel, final DataRef[] sendBlocks,
        final DataRef[] recvBlocks)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        final int me = channel.me;
        area.sendBlocks[me] = sendBlocks;
        area.recvBlocks[me] = recvBlocks;
        exchange(channel, area, () ->
        {
            for (int source = 0; source < area.size; source++)
            {
                for (int dest = 0; dest < area.size; dest++)
                {
                    checkFits(area.sendBlocks[source][dest], area.recvBlocks[dest][source], source, dest,
                        "MPI_Alltoall");
                }
            }
            for (int source = 0; source < area.size; source++)
            {
                final DataRef block = area.sendBlocks[source][me];
                DataRef.transfer(block, recvBlocks[source], block.byteLength());
            }
        });
        return true;
    }

    /**
     * MPI_Allgather(v) in shared memory, when the call allows it: every member copies each member's own block of its
     * receive buffer straight into the same block of its own.
     *
     * @param channel the opened call.
     * @param blocks  every member's block of this member's receive buffer; its own block already holds its data.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean allgather(final CollectiveChannel channel, final DataRef[] blocks)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        final int me = channel.me;
        area.recvBlocks[me] = blocks;
        exchange(channel, area, () ->
        {
            for (int source = 0; source < area.size; source++)
            {
                for (int dest = 0; dest < area.size; dest++)
                {
                    checkFits(area.recvBlocks[source][source], area.recvBlocks[dest][source], source, dest,
                        "MPI_Allgather");
                }
            }
            for (int source = 0; source < area.size; source++)
            {
                if (source != me)
                {
                    final DataRef block = area.recvBlocks[source][source];
                    DataRef.transfer(block, blocks[source], block.byteLength());
                }
            }
        });
        return true;
    }

    /**
     * MPI_Gather(v) in shared memory, when the call allows it: the root copies every member's buffer straight into
     * its block of the receive buffer.
     *
     * @param channel the opened call.
     * @param mine    this member's data; ignored on an in-place root.
     * @param blocks  the root's receive block for each member ({@code null} entry: skip, for MPI_IN_PLACE);
     *                {@code null} on other members.
     * @param root    the root.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean gather(final CollectiveChannel channel, final DataRef mine, final DataRef[] blocks,
        final int root)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        final int me = channel.me;
        area.sendData[me] = mine;
        area.recvBlocks[me] = blocks;
        exchange(channel, area, () ->
        {
            final DataRef[] rootBlocks = area.recvBlocks[root];
            for (int source = 0; source < area.size; source++)
            {
                if (rootBlocks[source] != null && area.sendData[source] != null)
                {
                    checkFits(area.sendData[source], rootBlocks[source], source, root, "MPI_Gather");
                }
            }
            if (me == root)
            {
                for (int source = 0; source < area.size; source++)
                {
                    final DataRef data = area.sendData[source];
                    if (blocks[source] != null && data != null)
                    {
                        DataRef.transfer(data, blocks[source], data.byteLength());
                    }
                }
            }
        });
        return true;
    }

    /**
     * MPI_Scatter(v) in shared memory, when the call allows it: every member copies its block of the root's send
     * buffer straight into its receive buffer.
     *
     * @param channel the opened call.
     * @param blocks  the root's send block for each member; {@code null} on other members.
     * @param mine    this member's receive buffer; {@code null} on an in-place root.
     * @param root    the root.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean scatter(final CollectiveChannel channel, final DataRef[] blocks, final DataRef mine,
        final int root)
    {
        final LocalArea area = area(channel);
        if (area == null)
        {
            return false;
        }
        final int me = channel.me;
        area.sendBlocks[me] = blocks;
        area.sendData[me] = mine;
        exchange(channel, area, () ->
        {
            final DataRef[] rootBlocks = area.sendBlocks[root];
            for (int dest = 0; dest < area.size; dest++)
            {
                if (area.sendData[dest] != null)
                {
                    checkFits(rootBlocks[dest], area.sendData[dest], root, dest, "MPI_Scatter");
                }
            }
            if (mine != null)
            {
                DataRef.transfer(rootBlocks[me], mine, rootBlocks[me].byteLength());
            }
        });
        return true;
    }

    /**
     * Runs a call's copying between the area's two barriers: everything published before the first is readable
     * during the work, and no member returns (and reuses its buffers) before every member's work is done. The
     * checks inside the work see the same published facts on every member, so all members fail the same way or
     * none does.
     */
    private static void exchange(final CollectiveChannel channel, final LocalArea area, final Runnable work)
    {
        final int me = channel.me;
        area.arrive(me, channel.rank);
        RuntimeException failure = null;
        try
        {
            work.run();
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        leave(area, me, channel.rank, failure);
    }

    /**
     * Ends a member's part of a call: arrives at the second barrier even when its work failed, since a member that
     * left early could publish its next call's buffers while another still reads this call's, then forgets its
     * buffers and rethrows the failure.
     */
    private static void leave(final LocalArea area, final int me, final MpiRank rank,
        final RuntimeException failure)
    {
        try
        {
            area.arrive(me, rank);
        }
        finally
        {
            area.clear(me);
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private static void checkFits(final DataRef sent, final DataRef received, final int source, final int dest,
        final String call)
    {
        if (sent.byteLength() > received.byteLength())
        {
            throw new MpiException(MpiError.ERR_TRUNCATE, call + ": rank " + source + " sends " + sent.byteLength() +
                " bytes to rank " + dest + ", which receives at most " + received.byteLength() +
                " bytes (the counts or datatypes of a collective differ between ranks)");
        }
    }

    /**
     * MPI_Allreduce (and MPI_Reduce when {@code root >= 0}) in shared memory, when the call allows it.
     *
     * @param channel the opened call.
     * @param send    this member's operand (its receive buffer for MPI_IN_PLACE).
     * @param recv    where the result goes; ignored on members other than a reduce's root.
     * @param type    the datatype, for the primitive elements.
     * @param op      the operation.
     * @param root    the root of a reduce, or -1 for an allreduce.
     * @param call    the MPI function, for errors.
     * @return false, having done nothing, when the call must go by messages (see {@link #area}).
     */
    public static boolean reduce(final CollectiveChannel channel, final DataRef send, final DataRef recv,
        final Datatype type, final Operation op, final int root, final String call)
    {
        final LocalArea area = op.predefined() == null ? null : area(channel);
        if (area == null)
        {
            return false;
        }
        reduce(channel, area, send, recv, type, op.predefined(), root, call);
        return true;
    }

    private static void reduce(final CollectiveChannel channel, final LocalArea area, final DataRef send,
        final DataRef recv, final Datatype type, final PredefinedOp op, final int root, final String call)
    {
        final int me = channel.me;
        final int bytes = send.byteLength();
        if (bytes <= LocalArea.SMALL_BYTES)
        {
            // publish a copy as well as the buffers: after the arrival every member knows every length, and all
            // take the one-arrival path when they agree (else the checks below fail on every member alike)
            final long arrival = area.nextArrival(me);
            send.pack(area.smallSlot(me, arrival), 0);
            area.publishLength(me, bytes);
            area.arrive(me, channel.rank);
            if (!sameLengths(area, me))
            {
                failOnLengths(channel, area, call);
            }
            else if (root < 0 || root == me)
            {
                reduceSmall(area, me, arrival, bytes, type.primitive(), op, recv);
            }
            return;
        }
        byte[] sendArray = send.contiguousArray();
        int sendOffset = sendArray == null ? 0 : send.contiguousOffset();
        if (sendArray == null)
        {
            sendArray = send.toBytes();
        }
        final boolean receives = root < 0 || root == me;
        byte[] recvArray = receives ? recv.contiguousArray() : null;
        final boolean recvPacked = receives && recvArray == null;
        final int recvOffset = recvArray == null ? 0 : recv.contiguousOffset();
        if (recvPacked)
        {
            recvArray = new byte[bytes];
        }
        area.sendArrays[me] = sendArray;
        area.sendOffsets[me] = sendOffset;
        area.recvArrays[me] = recvArray;
        area.recvOffsets[me] = recvOffset;
        area.publishLength(me, bytes);
        area.arrive(me, channel.rank);
        RuntimeException failure = null;
        try
        {
            checkLengths(area, me, call);
            reduceShare(area, me, bytes, type.primitive(), op, root);
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        leave(area, me, channel.rank, failure);
        if (recvPacked)
        {
            recv.unpack(recvArray, 0, bytes);
        }
    }

    /**
     * After the first arrival of a one-arrival call whose members' lengths differ: every member arrives a second
     * time, as a two-arrival call does (so a member whose length sent it that way meets the others), and fails
     * alike.
     */
    private static void failOnLengths(final CollectiveChannel channel, final LocalArea area, final String call)
    {
        RuntimeException failure = null;
        try
        {
            checkLengths(area, channel.me, call);
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        leave(area, channel.me, channel.rank, failure);
    }

    private static boolean sameLengths(final LocalArea area, final int me)
    {
        final int first = area.length(0, me);
        for (int i = 1; i < area.size; i++)
        {
            if (area.length(i, me) != first)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The whole reduction of a small call, done by each member that needs it from every member's small slot, in
     * the same order as {@link #reduceShare} (so every member gets the same bits).
     */
    private static void reduceSmall(final LocalArea area, final int me, final long arrival, final int bytes,
        final Primitive primitive, final PredefinedOp op, final DataRef recv)
    {
        final int n = area.size;
        final int count = bytes / primitive.packedBytes();
        final byte[] result = area.scratch(me, bytes);
        System.arraycopy(area.smallSlot(n - 1, arrival), 0, result, 0, bytes);
        for (int r = n - 2; r >= 0; r--)
        {
            Reductions.apply(op, primitive, area.smallSlot(r, arrival), 0, result, 0, count);
        }
        recv.unpack(result, 0, bytes);
    }

    private static void checkLengths(final LocalArea area, final int me, final String call)
    {
        if (sameLengths(area, me))
        {
            return;
        }
        final int first = area.length(0, me);
        for (int i = 1; i < area.size; i++)
        {
            if (area.length(i, me) != first)
            {
                throw new MpiException(MpiError.ERR_TRUNCATE, call + ": rank " + me + " sees rank 0 pass " +
                    first + " bytes and rank " + i + " pass " + area.length(i, me) +
                    " bytes (the counts or datatypes of a collective differ between ranks)");
            }
        }
    }

    private static void reduceShare(final LocalArea area, final int me, final int bytes, final Primitive primitive,
        final PredefinedOp op, final int root)
    {
        final int n = area.size;
        final int elementBytes = primitive.packedBytes();
        final int elements = bytes / elementBytes;
        final int first = (int)((long)elements * me / n);
        final int end = (int)((long)elements * (me + 1) / n);
        if (first == end)
        {
            return;
        }
        final int perChunk = Math.max(1, CHUNK_BYTES / elementBytes);
        final byte[] scratch = area.scratch(me, Math.min(perChunk, end - first) * elementBytes);
        final byte[][] sendArrays = area.sendArrays;
        final int[] sendOffsets = area.sendOffsets;
        final byte[][] recvArrays = area.recvArrays;
        final int[] recvOffsets = area.recvOffsets;
        for (int start = first; start < end; start += perChunk)
        {
            final int count = Math.min(perChunk, end - start);
            final int offset = start * elementBytes;
            final int length = count * elementBytes;
            System.arraycopy(sendArrays[n - 1], sendOffsets[n - 1] + offset, scratch, 0, length);
            for (int r = n - 2; r >= 0; r--)
            {
                Reductions.apply(op, primitive, sendArrays[r], sendOffsets[r] + offset, scratch, 0, count);
            }
            if (root >= 0)
            {
                System.arraycopy(scratch, 0, recvArrays[root], recvOffsets[root] + offset, length);
                continue;
            }
            for (int r = 0; r < n; r++)
            {
                System.arraycopy(scratch, 0, recvArrays[r], recvOffsets[r] + offset, length);
            }
        }
    }
}
