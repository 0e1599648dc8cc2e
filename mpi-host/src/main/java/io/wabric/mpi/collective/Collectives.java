package io.wabric.mpi.collective;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

/**
 * Collective operations over point-to-point messages in the communicator's collective context.
 *
 * <p>Algorithms: dissemination barrier; binomial-tree broadcast; binomial-tree reduce rooted at rank 0 combining
 * in rank order (so non-commutative user ops are right), then forwarded to the root; allreduce by recursive
 * doubling for power-of-two sizes, else reduce then broadcast; ring allgather(v); pairwise-exchange alltoall(v);
 * linear gather/scatter with all receives posted at once; linear-chain scan. Data goes straight between guest
 * buffers where no combining is needed; reductions work on packed host copies.
 */
public final class Collectives
{
    private static final int TAG_BARRIER = 1;
    private static final int TAG_BCAST = 2;
    private static final int TAG_REDUCE = 3;
    private static final int TAG_ALLREDUCE = 4;
    private static final int TAG_GATHER = 5;
    private static final int TAG_SCATTER = 6;
    private static final int TAG_ALLGATHER = 7;
    private static final int TAG_ALLTOALL = 8;
    private static final int TAG_SCAN = 9;
    /** Hierarchical steps: a rank to its process's leader, and back. */
    private static final int TAG_TO_LEADER = 10;
    private static final int TAG_FROM_LEADER = 11;
    /**
     * A ring step's "my receives for your segment are posted", before a long segment is sent. Kinds share a call's
     * tag with its sequence number, in {@link CollectiveChannel}'s 4 bits: at most 15.
     */
    private static final int TAG_POSTED = 12;
    /** Allreduce of commutative operations goes round a ring from this many bytes on (see ringAllreduce). */
    static final int RING_MIN_BYTES = 64 * 1024;
    /**
     * A ring step's segment moves in pieces of this many bytes, each combined as it arrives: small enough that a
     * piece is combined while it is still in cache and while later ones are in flight, large enough that the
     * per-message cost stays small against the copy (a 256 KiB piece takes tens of microseconds to move).
     */
    static final int PIECE_BYTES = 256 * 1024;

    private static final DataRef NOTHING = DataRef.host(new byte[0]);

    private Collectives()
    {
    }

    /**
     * MPI_Barrier by dissemination: ceil(log2 n) rounds.
     */
    public static void barrier(final MpiRank rank, final Communicator comm)
    {
        barrier(CollectiveChannel.open(rank, comm));
    }

    /**
     * MPI_Barrier within an opened call.
     */
    public static void barrier(final CollectiveChannel channel)
    {
        if (LocalCollectives.barrier(channel))
        {
            return;
        }
        final CollectiveChannel.ProcessBlocks blocks = channel.processBlocks();
        if (blocks != null)
        {
            final DataRef none = DataRef.host(new byte[0]);
            if (channel.me != blocks.leader)
            {
                channel.send(blocks.leader, TAG_TO_LEADER, none);
                channel.recv(blocks.leader, TAG_FROM_LEADER, none);
                return;
            }
            for (int r = blocks.leader + 1; r < blocks.end; r++)
            {
                channel.recv(r, TAG_TO_LEADER, none);
            }
            barrier(channel.subset(blocks.leaders, blocks.myBlock));
            for (int r = blocks.leader + 1; r < blocks.end; r++)
            {
                channel.send(r, TAG_FROM_LEADER, none);
            }
            return;
        }
        final byte[] none = new byte[0];
        for (int distance = 1; distance < channel.size; distance <<= 1)
        {
            final int to = (channel.me + distance) % channel.size;
            final int from = (channel.me - distance + channel.size) % channel.size;
            channel.sendrecv(to, DataRef.host(none), from, DataRef.host(none), TAG_BARRIER);
        }
    }

    /**
     * MPI_Bcast along a binomial tree rooted at root.
     *
     * @param buffer the root's data, the others' receive buffer.
     */
    public static void bcast(final MpiRank rank, final Communicator comm, final DataRef buffer, final int root)
    {
        bcast(CollectiveChannel.open(rank, comm), buffer, root);
    }

    /**
     * MPI_Bcast within an opened call.
     */
    public static void bcast(final CollectiveChannel channel, final DataRef buffer, final int root)
    {
        if (LocalCollectives.bcast(channel, buffer, root))
        {
            return;
        }
        final int size = channel.size;
        final int relative = (channel.me - root + size) % size;
        int mask = 1;
        while (mask < size)
        {
            if ((relative & mask) != 0)
            {
                channel.recv((relative - mask + root) % size, TAG_BCAST, buffer);
                break;
            }
            mask <<= 1;
        }
        mask >>= 1;
        while (mask > 0)
        {
            if (relative + mask < size)
            {
                channel.send((relative + mask + root) % size, TAG_BCAST, buffer);
            }
            mask >>= 1;
        }
    }

    /**
     * MPI_Reduce: combines every rank's packed contribution in rank order.
     *
     * @param contribution this rank's packed data; on the root it holds the result afterwards.
     * @return true on the root, whose contribution array now holds the result.
     */
    public static boolean reduce(final CollectiveChannel channel, final byte[] contribution,
        final Datatype type, final int typeHandle, final int count, final Operation op, final int root)
    {
        reduceToZero(channel, contribution, 0, contribution.length, type, typeHandle, count, op);
        if (root != 0)
        {
            if (channel.me == 0)
            {
                channel.send(root, TAG_REDUCE, DataRef.host(contribution));
            }
            else if (channel.me == root)
            {
                channel.recv(0, TAG_REDUCE, DataRef.host(contribution));
            }
        }
        return channel.me == root;
    }

    /**
     * Binomial-tree reduce to rank 0, combining in rank order.
     *
     * @param accumulator holds this rank's packed data at {@code offset}; rank 0's holds the result afterwards.
     */
    private static void reduceToZero(final CollectiveChannel channel, final byte[] accumulator, final int offset,
        final int length, final Datatype type, final int typeHandle, final int count, final Operation op)
    {
        final byte[] incoming = channel.scratch(1, length);
        int mask = 1;
        while (mask < channel.size)
        {
            if ((channel.me & mask) == 0)
            {
                final int child = channel.me | mask;
                if (child < channel.size)
                {
                    channel.recv(child, TAG_REDUCE, DataRef.host(incoming, 0, length));
                    // accumulator covers ranks [me, child), incoming [child, ...): result = accumulator op incoming
                    channel.combine(op, type, typeHandle, accumulator, offset, incoming, 0, count);
                    System.arraycopy(incoming, 0, accumulator, offset, length);
                }
            }
            else
            {
                channel.send(channel.me & ~mask, TAG_REDUCE, DataRef.host(accumulator, offset, length));
                return;
            }
            mask <<= 1;
        }
    }

    /**
     * MPI_Allreduce.
     *
     * @param contribution this rank's packed data; holds the result afterwards.
     */
    public static void allreduce(final CollectiveChannel channel, final byte[] contribution,
        final Datatype type, final int typeHandle, final int count, final Operation op)
    {
        allreduce(channel, contribution, 0, contribution, 0, contribution.length, type, typeHandle, count, op);
    }

    /**
     * MPI_Allreduce from one run of an array into another (the send and receive buffers of a rank's guest memory,
     * or the same run for MPI_IN_PLACE). Keeping them apart lets the large-vector ring read the rank's own values
     * where they are and write each result segment once, instead of copying the whole send buffer into the receive
     * buffer first; the other algorithms make that copy and work in the receive buffer.
     *
     * @param source       holds this rank's packed data at {@code sourceOffset}; not written unless it is
     *                     {@code data}'s run.
     * @param sourceOffset of the first byte of this rank's data.
     * @param data         receives the result at {@code offset}.
     * @param offset       of the first byte of the result.
     * @param length       in bytes of either run, {@code count} elements of {@code type}.
     */
    public static void allreduce(final CollectiveChannel channel, final byte[] source, final int sourceOffset,
        final byte[] data, final int offset, final int length, final Datatype type, final int typeHandle,
        final int count, final Operation op)
    {
        final CollectiveChannel.ProcessBlocks blocks = channel.processBlocks();
        if (blocks != null)
        {
            hierarchicalAllreduce(channel, blocks, source, sourceOffset, data, offset, length, type, typeHandle,
                count, op);
            return;
        }
        final int size = channel.size;
        if (op.commutative() && length >= RING_MIN_BYTES && count >= size && size > 1)
        {
            ringAllreduce(channel, source, sourceOffset, data, offset, type, typeHandle, count, op);
            return;
        }
        copyIn(source, sourceOffset, data, offset, length);
        final DataRef mine = DataRef.host(data, offset, length);
        if (Integer.bitCount(size) != 1)
        {
            reduceToZero(channel, data, offset, length, type, typeHandle, count, op);
            bcast(channel, mine, 0);
            return;
        }
        final byte[] incoming = channel.scratch(1, length);
        final DataRef theirs = DataRef.host(incoming, 0, length);
        for (int mask = 1; mask < size; mask <<= 1)
        {
            final int partner = channel.me ^ mask;
            channel.sendrecv(partner, mine, partner, theirs, TAG_ALLREDUCE);
            if (partner > channel.me)
            {
                channel.combine(op, type, typeHandle, data, offset, incoming, 0, count);
                System.arraycopy(incoming, 0, data, offset, length);
            }
            else
            {
                channel.combine(op, type, typeHandle, incoming, 0, data, offset, count);
            }
        }
    }

    private static void copyIn(final byte[] source, final int sourceOffset, final byte[] data, final int offset,
        final int length)
    {
        if (source != data || sourceOffset != offset)
        {
            System.arraycopy(source, sourceOffset, data, offset, length);
        }
    }

    /**
     * Allreduce of a large vector as a ring: a reduce-scatter in n - 1 steps (each rank passes one n-th of the vector
     * to its right-hand neighbour, which combines it into its own) leaves rank r with the whole reduction of segment
     * r + 1; an allgather in n - 1 more steps passes the finished segments round. Every rank sends and receives
     * 2 (n - 1) / n of the vector and combines (n - 1) / n of it, against log2(n) whole vectors for recursive
     * doubling, for any n. The segments combine in ring order, not rank order, so only commutative operations come
     * here; every rank still ends with the same bits, since each segment is reduced once and then copied.
     *
     * <pre>
     *   n = 3, segments a b c        step 1            step 2                 allgather (2 steps)
     *   rank 0: a0 b0 c0     sends a0 -> 1      sends c0+c2 -> 1   holds b0+b1+b2 ... passes finished ones on
     *   rank 1: a1 b1 c1     sends b1 -> 2      sends a0+a1 -> 2   holds c0+c1+c2
     *   rank 2: a2 b2 c2     sends c2 -> 0      sends b1+b2 -> 0   holds a0+a1+a2
     * </pre>
     *
     * <p>Each reduce-scatter step moves its segment as pieces of {@link #PIECE_BYTES}, all posted at once, and
     * combines each piece as it arrives, so combining overlaps the transfer of the pieces behind it and works on
     * data still in cache. With a separate source, a piece is received straight into its place in {@code data} and
     * combined there with the rank's own values read from {@code source}: no scratch copy, and the send buffer is
     * never copied into the receive buffer (the segment a rank sends first is overwritten by the allgather). In
     * place, pieces arrive in a scratch array first.
     */
    private static void ringAllreduce(final CollectiveChannel channel, final byte[] source, final int sourceOffset,
        final byte[] data, final int offset, final Datatype type, final int typeHandle, final int count,
        final Operation op)
    {
        final int size = channel.size;
        final int me = channel.me;
        final int right = (me + 1) % size;
        final int left = (me - 1 + size) % size;
        final int elementBytes = type.size();
        final int pieceCount = Math.max(1, PIECE_BYTES / elementBytes);
        final boolean inPlace = source == data && sourceOffset == offset;
        final byte[] incoming = inPlace ? channel.scratch(1, ((count + size - 1) / size) * elementBytes) : null;
        for (int step = 0; step < size - 1; step++)
        {
            final int sendSegment = Math.floorMod(me - step, size);
            final int recvSegment = Math.floorMod(me - step - 1, size);
            final int sendFirst = segmentStart(count, size, sendSegment);
            final int sendCount = segmentStart(count, size, sendSegment + 1) - sendFirst;
            final int recvFirst = segmentStart(count, size, recvSegment);
            final int recvCount = segmentStart(count, size, recvSegment + 1) - recvFirst;
            // the first step sends this rank's own values; later ones the partial results combined a step before
            final byte[] sendArray = step == 0 ? source : data;
            final int sendBase = (step == 0 ? sourceOffset : offset) + sendFirst * elementBytes;
            final Request[] receives = new Request[(recvCount + pieceCount - 1) / pieceCount];
            for (int piece = 0; piece < receives.length; piece++)
            {
                final int first = piece * pieceCount;
                final int pieceBytes = Math.min(pieceCount, recvCount - first) * elementBytes;
                receives[piece] = channel.irecv(left, TAG_ALLREDUCE, inPlace ?
                    DataRef.host(incoming, first * elementBytes, pieceBytes) :
                    DataRef.host(data, offset + (recvFirst + first) * elementBytes, pieceBytes));
            }
            whenPosted(channel, left, recvCount * elementBytes, right, sendCount * elementBytes);
            // send piece k, then take in piece k: the neighbours go at the same pace, so each combines a piece while
            // the next one travels (across processes a long send is copied out as it is started)
            final Request[] sends = new Request[(sendCount + pieceCount - 1) / pieceCount];
            for (int piece = 0; piece < Math.max(sends.length, receives.length); piece++)
            {
                final int first = piece * pieceCount;
                if (piece < sends.length)
                {
                    sends[piece] = channel.isend(right, TAG_ALLREDUCE, DataRef.host(sendArray,
                        sendBase + first * elementBytes, Math.min(pieceCount, sendCount - first) * elementBytes));
                }
                if (piece < receives.length)
                {
                    channel.complete(receives[piece]);
                    final int at = (recvFirst + first) * elementBytes;
                    // in place the piece is in the scratch array and this rank's values in data; otherwise the piece
                    // arrived in the result's place and this rank's values are still in the source
                    channel.combine(op, type, typeHandle, inPlace ? incoming : source,
                        inPlace ? first * elementBytes : sourceOffset + at, data, offset + at,
                        Math.min(pieceCount, recvCount - first));
                }
            }
            channel.waitAll(sends);
        }
        for (int step = 0; step < size - 1; step++)
        {
            final int sendSegment = Math.floorMod(me + 1 - step, size);
            final int recvSegment = Math.floorMod(me - step, size);
            final int sendFirst = segmentStart(count, size, sendSegment);
            final int sendCount = segmentStart(count, size, sendSegment + 1) - sendFirst;
            final int recvFirst = segmentStart(count, size, recvSegment);
            final int recvCount = segmentStart(count, size, recvSegment + 1) - recvFirst;
            final Request receive = channel.irecv(left, TAG_ALLREDUCE,
                DataRef.host(data, offset + recvFirst * elementBytes, recvCount * elementBytes));
            whenPosted(channel, left, recvCount * elementBytes, right, sendCount * elementBytes);
            final Request send = channel.isend(right, TAG_ALLREDUCE,
                DataRef.host(data, offset + sendFirst * elementBytes, sendCount * elementBytes));
            channel.complete(receive);
            channel.complete(send);
        }
    }

    /**
     * Before a ring step sends a long segment, waits until its receiver has posted the receives for it, and tells
     * the rank that sends to this one the same. Across processes long messages are eager: one that arrives before
     * its receive is posted is read into a reassembly array and copied again (and the array is garbage), which for
     * megabyte segments cost more than this exchange of empty messages. Both sides decide from the one segment's
     * length, so they agree on whether to exchange.
     */
    private static void whenPosted(final CollectiveChannel channel, final int left, final int recvBytes,
        final int right, final int sendBytes)
    {
        final boolean tellLeft = recvBytes >= RING_MIN_BYTES;
        final boolean waitForRight = sendBytes >= RING_MIN_BYTES;
        if (!tellLeft && !waitForRight)
        {
            return;
        }
        final Request posted = waitForRight ? channel.irecv(right, TAG_POSTED, NOTHING) : null;
        if (tellLeft)
        {
            channel.send(left, TAG_POSTED, NOTHING);
        }
        if (posted != null)
        {
            channel.complete(posted);
        }
    }

    private static int segmentStart(final int count, final int segments, final int segment)
    {
        return (int)((long)count * segment / segments);
    }

    /**
     * Allreduce when ranks span processes: each process's ranks combine at their leader in rank order (local
     * copies), the leaders allreduce among themselves (one contribution per process crosses the transport), and
     * each leader hands the result to its ranks.
     */
    private static void hierarchicalAllreduce(final CollectiveChannel channel,
        final CollectiveChannel.ProcessBlocks blocks, final byte[] source, final int sourceOffset, final byte[] data,
        final int offset, final int length, final Datatype type, final int typeHandle, final int count,
        final Operation op)
    {
        final DataRef mine = DataRef.host(data, offset, length);
        if (channel.me != blocks.leader)
        {
            channel.send(blocks.leader, TAG_TO_LEADER, DataRef.host(source, sourceOffset, length));
            channel.recv(blocks.leader, TAG_FROM_LEADER, mine);
            return;
        }
        if (blocks.end - blocks.leader == 1)
        {
            // alone in its process: its own values go to the leaders' allreduce as they are
            allreduce(channel.subset(blocks.leaders, blocks.myBlock), source, sourceOffset, data, offset, length, type,
                typeHandle, count, op);
            return;
        }
        copyIn(source, sourceOffset, data, offset, length);
        final byte[] incoming = channel.scratch(1, length);
        for (int r = blocks.leader + 1; r < blocks.end; r++)
        {
            channel.recv(r, TAG_TO_LEADER, DataRef.host(incoming, 0, length));
            // data covers ranks [leader, r), incoming rank r: result = data op incoming
            channel.combine(op, type, typeHandle, data, offset, incoming, 0, count);
            System.arraycopy(incoming, 0, data, offset, length);
        }
        allreduce(channel.subset(blocks.leaders, blocks.myBlock), data, offset, data, offset, length, type, typeHandle,
            count, op);
        for (int r = blocks.leader + 1; r < blocks.end; r++)
        {
            channel.send(r, TAG_FROM_LEADER, mine);
        }
    }

    /**
     * MPI_Gather(v) at the root: posts every receive, then waits.
     *
     * @param blocks the root's receive block for each rank ({@code null} entry: skip, for MPI_IN_PLACE); on other
     *               ranks {@code null}.
     * @param mine   this rank's data; ignored on an in-place root.
     */
    public static void gather(final CollectiveChannel channel, final DataRef mine, final DataRef[] blocks,
        final int root)
    {
        if (LocalCollectives.gather(channel, mine, blocks, root))
        {
            return;
        }
        if (channel.me != root)
        {
            channel.send(root, TAG_GATHER, mine);
            return;
        }
        final Request[] receives = new Request[channel.size];
        for (int r = 0; r < channel.size; r++)
        {
            if (r != root)
            {
                receives[r] = channel.irecv(r, TAG_GATHER, blocks[r]);
            }
            else if (blocks[r] != null && mine != null)
            {
                DataRef.transfer(mine, blocks[r], Math.min(mine.byteLength(), blocks[r].byteLength()));
            }
        }
        channel.waitAll(receives);
    }

    /**
     * MPI_Scatter(v) from the root.
     *
     * @param blocks the root's send block for each rank; {@code null} on other ranks.
     * @param mine   this rank's receive buffer; {@code null} on an in-place root.
     */
    public static void scatter(final CollectiveChannel channel, final DataRef[] blocks,
        final DataRef mine, final int root)
    {
        if (LocalCollectives.scatter(channel, blocks, mine, root))
        {
            return;
        }
        if (channel.me != root)
        {
            channel.recv(root, TAG_SCATTER, mine);
            return;
        }
        final Request[] sends = new Request[channel.size];
        for (int r = 0; r < channel.size; r++)
        {
            if (r != root)
            {
                sends[r] = channel.isend(r, TAG_SCATTER, blocks[r]);
            }
            else if (mine != null)
            {
                DataRef.transfer(blocks[r], mine, Math.min(mine.byteLength(), blocks[r].byteLength()));
            }
        }
        channel.waitAll(sends);
    }

    /**
     * MPI_Allgather(v) by a ring: n - 1 steps, each passing one block to the right.
     *
     * @param blocks every rank's block of the receive buffer; this rank's block already holds its data.
     */
    public static void allgather(final MpiRank rank, final Communicator comm, final DataRef[] blocks)
    {
        allgather(CollectiveChannel.open(rank, comm), blocks);
    }

    /**
     * MPI_Allgather(v) within an opened call.
     */
    public static void allgather(final CollectiveChannel channel, final DataRef[] blocks)
    {
        if (LocalCollectives.allgather(channel, blocks))
        {
            return;
        }
        final int size = channel.size;
        final int right = (channel.me + 1) % size;
        final int left = (channel.me - 1 + size) % size;
        for (int step = 0; step < size - 1; step++)
        {
            final int sendBlock = (channel.me - step + size) % size;
            final int recvBlock = (channel.me - step - 1 + size) % size;
            channel.sendrecv(right, blocks[sendBlock], left, blocks[recvBlock], TAG_ALLGATHER);
        }
    }

    /**
     * MPI_Alltoall(v) by pairwise exchange.
     *
     * @param sendBlocks this rank's block for each destination.
     * @param recvBlocks the receive block for each source.
     */
    public static void alltoall(final CollectiveChannel channel, final DataRef[] sendBlocks,
        final DataRef[] recvBlocks)
    {
        if (LocalCollectives.alltoall(channel, sendBlocks, recvBlocks))
        {
            return;
        }
        final int size = channel.size;
        DataRef.transfer(sendBlocks[channel.me], recvBlocks[channel.me],
            Math.min(sendBlocks[channel.me].byteLength(), recvBlocks[channel.me].byteLength()));
        for (int step = 1; step < size; step++)
        {
            final int to = (channel.me + step) % size;
            final int from = (channel.me - step + size) % size;
            channel.sendrecv(to, sendBlocks[to], from, recvBlocks[from], TAG_ALLTOALL);
        }
    }

    /**
     * MPI_Scan / MPI_Exscan along a chain.
     *
     * @param contribution this rank's packed data; holds the inclusive prefix afterwards.
     * @param exclusive    if non-null, receives the exclusive prefix (left untouched on rank 0).
     */
    public static void scan(final CollectiveChannel channel, final byte[] contribution,
        final byte[] exclusive, final Datatype type, final int typeHandle, final int count, final Operation op)
    {
        if (channel.me > 0)
        {
            final byte[] prefix = new byte[contribution.length];
            channel.recv(channel.me - 1, TAG_SCAN, DataRef.host(prefix));
            if (exclusive != null)
            {
                System.arraycopy(prefix, 0, exclusive, 0, prefix.length);
            }
            channel.combine(op, type, typeHandle, prefix, contribution, count);
        }
        if (channel.me < channel.size - 1)
        {
            channel.send(channel.me + 1, TAG_SCAN, DataRef.host(contribution));
        }
    }
}
