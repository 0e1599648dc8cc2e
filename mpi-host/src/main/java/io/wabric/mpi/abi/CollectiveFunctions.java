package io.wabric.mpi.abi;

import io.wabric.mpi.collective.CollectiveChannel;
import io.wabric.mpi.collective.Collectives;
import io.wabric.mpi.collective.LocalCollectives;
import io.wabric.mpi.collective.NonBlockingCollectives;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;

import java.util.Arrays;
import java.util.function.Consumer;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Collectives, blocking and non-blocking (the I* forms), with MPI_IN_PLACE where MPI-3.1 allows it, and
 * MPI_Reduce_local, a reduction's local step (inoutbuf = inbuf op inoutbuf) with the same checks. Each is
 * registered once: arguments are validated and buffers resolved on the rank's thread, giving the algorithm to run,
 * which the blocking form runs at once and the I* form hands to {@link NonBlockingCollectives}.
 */
final class CollectiveFunctions
{
    /** Validates one call's arguments and returns its algorithm. */
    @FunctionalInterface
    private interface Prepare
    {
        Consumer<CollectiveChannel> prepare(Abi abi, long[] args, Communicator comm);
    }

    private CollectiveFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        both(table, "Barrier", 1, 0, (abi, a, comm) -> Collectives::barrier);
        both(table, "Bcast", 5, 4, (abi, a, comm) ->
        {
            final Datatype type = typed(abi, (int)a[1], (int)a[2]);
            final int root = (int)a[3];
            Abi.checkRoot(comm, root);
            final DataRef buffer = buffer(abi, (int)a[0], type, (int)a[1], "buffer");
            return channel -> Collectives.bcast(channel, buffer, root);
        });
        both(table, "Reduce", 7, 6, (abi, a, comm) ->
        {
            final int count = (int)a[2];
            final Datatype type = typed(abi, count, (int)a[3]);
            final Operation op = reduction(abi, (int)a[4], type);
            final int root = (int)a[5];
            Abi.checkRoot(comm, root);
            final boolean isRoot = comm.rank() == root;
            final boolean inPlace = (int)a[0] == Abi.IN_PLACE && isRoot;
            final DataRef send = buffer(abi, inPlace ? (int)a[1] : (int)a[0], type, count, "sendbuf");
            final DataRef recv = isRoot ? buffer(abi, (int)a[1], type, count, "recvbuf") : null;
            final int typeHandle = (int)a[3];
            return channel ->
            {
                if (LocalCollectives.reduce(channel, send, recv, type, op, root, "MPI_Reduce"))
                {
                    return;
                }
                final byte[] acc = send.toBytes();
                if (Collectives.reduce(channel, acc, type, typeHandle, count, op, root))
                {
                    recv.unpack(acc, 0, acc.length);
                }
            };
        });
        both(table, "Allreduce", 6, 5, (abi, a, comm) ->
        {
            final int count = (int)a[2];
            final Datatype type = typed(abi, count, (int)a[3]);
            final Operation op = reduction(abi, (int)a[4], type);
            final DataRef send = buffer(abi, (int)a[0] == Abi.IN_PLACE ? (int)a[1] : (int)a[0], type, count,
                "sendbuf");
            final DataRef recv = buffer(abi, (int)a[1], type, count, "recvbuf");
            final int typeHandle = (int)a[3];
            return channel ->
            {
                if (LocalCollectives.reduce(channel, send, recv, type, op, -1, "MPI_Allreduce"))
                {
                    return;
                }
                final byte[] memory = channel.blocking() ? recv.contiguousArray() : null;
                if (memory != null && op.predefined() != null && send.contiguousArray() == memory)
                {
                    // send and receive buffers are runs of guest memory (the same run for MPI_IN_PLACE, whose send
                    // is the receive buffer): reduce there, without a packed copy to make and unpack. Only when
                    // blocking: the rank's thread is inside this call, so its memory cannot grow under it (an
                    // I-form runs on a helper thread while the guest goes on). A user op keeps the packed path:
                    // its guest function runs on host copies.
                    Collectives.allreduce(channel, memory, send.contiguousOffset(), memory, recv.contiguousOffset(),
                        recv.byteLength(), type, typeHandle, count, op);
                    return;
                }
                final byte[] acc = channel.scratch(0, send.byteLength());
                send.pack(acc, 0);
                Collectives.allreduce(channel, acc, type, typeHandle, count, op);
                recv.unpack(acc, 0, acc.length);
            };
        });
        both(table, "Scan", 6, 5, (abi, a, comm) -> scan(abi, a, comm, false));
        both(table, "Exscan", 6, 5, (abi, a, comm) -> scan(abi, a, comm, true));
        both(table, "Reduce_scatter_block", 6, 5, (abi, a, comm) ->
        {
            Abi.checkCount((int)a[2], "recvcount");
            return reduceScatter(abi, comm, (int)a[0], (int)a[1], uniform(comm.size(), (int)a[2]), (int)a[3],
                (int)a[4]);
        });
        both(table, "Reduce_scatter", 6, 5, (abi, a, comm) ->
            reduceScatter(abi, comm, (int)a[0], (int)a[1], abi.readInts((int)a[2], comm.size()), (int)a[3],
                (int)a[4]));
        both(table, "Gather", 8, 7, (abi, a, comm) -> gather(abi, a, comm, false));
        both(table, "Gatherv", 9, 8, (abi, a, comm) -> gather(abi, a, comm, true));
        both(table, "Scatter", 8, 7, (abi, a, comm) -> scatter(abi, a, comm, false));
        both(table, "Scatterv", 9, 8, (abi, a, comm) -> scatter(abi, a, comm, true));
        both(table, "Allgather", 7, 6, (abi, a, comm) -> allgather(abi, a, comm, false));
        both(table, "Allgatherv", 8, 7, (abi, a, comm) -> allgather(abi, a, comm, true));
        both(table, "Alltoall", 7, 6, (abi, a, comm) ->
        {
            Abi.checkCount((int)a[1], "sendcount");
            Abi.checkCount((int)a[4], "recvcount");
            final int[] sendCounts = uniform(comm.size(), (int)a[1]);
            final int[] recvCounts = uniform(comm.size(), (int)a[4]);
            return alltoall(abi, comm, (int)a[0], sendCounts, displacements(sendCounts), (int)a[2], (int)a[3],
                recvCounts, displacements(recvCounts), (int)a[5]);
        });
        both(table, "Alltoallv", 9, 8, (abi, a, comm) ->
        {
            final int size = comm.size();
            final boolean inPlace = (int)a[0] == Abi.IN_PLACE;
            final int[] recvCounts = abi.readInts((int)a[5], size);
            final int[] recvDispls = abi.readInts((int)a[6], size);
            return alltoall(abi, comm, (int)a[0], inPlace ? recvCounts : abi.readInts((int)a[1], size),
                inPlace ? recvDispls : abi.readInts((int)a[2], size), inPlace ? (int)a[7] : (int)a[3], (int)a[4],
                recvCounts, recvDispls, (int)a[7]);
        });
        table.add("MPI_Reduce_local", 5, NO_COMM, (abi, a) ->
        {
            final int count = (int)a[2];
            final Datatype type = typed(abi, count, (int)a[3]);
            final Operation op = reduction(abi, (int)a[4], type);
            final DataRef in = buffer(abi, (int)a[0], type, count, "inbuf");
            final DataRef inout = buffer(abi, (int)a[1], type, count, "inoutbuf");
            final byte[] operand = in.toBytes();
            final byte[] result = inout.toBytes();
            op.apply(abi.rank.guest(), type, (int)a[3], operand, 0, result, 0, count);
            inout.unpack(result, 0, result.length);
            return 0;
        });
    }

    /**
     * Registers MPI_Name and its non-blocking form MPI_Iname, which takes a request pointer after the same
     * parameters.
     */
    private static void both(final FunctionTable table, final String name, final int paramCount, final int commArg,
        final Prepare prepare)
    {
        table.add("MPI_" + name, paramCount, commArg, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[commArg]);
            abi.lendBufferRefs();
            try
            {
                final Consumer<CollectiveChannel> work = prepare.prepare(abi, a, comm);
                work.accept(CollectiveChannel.open(abi.rank, comm));
            }
            finally
            {
                abi.stopLendingBufferRefs();
            }
            return 0;
        });
        table.add("MPI_I" + name.toLowerCase(java.util.Locale.ROOT), paramCount + 1, commArg, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[commArg]);
            final int requestAddress = (int)a[paramCount];
            if (requestAddress == 0)
            {
                throw new MpiException(MpiError.ERR_REQUEST, "request=NULL: pass the address of an MPI_Request");
            }
            final Consumer<CollectiveChannel> work = prepare.prepare(abi, a, comm);
            abi.writeInt(requestAddress, abi.rank.requests().add(
                NonBlockingCollectives.start(CollectiveChannel.openNonBlocking(abi.rank, comm), work)));
            return 0;
        });
    }

    private static Datatype typed(final Abi abi, final int count, final int typeHandle)
    {
        Abi.checkCount(count, "count");
        return abi.committedType(typeHandle);
    }

    /**
     * A guest buffer; NULL with data to move is MPI_ERR_BUFFER.
     */
    private static DataRef buffer(final Abi abi, final int address, final Datatype type, final int count,
        final String what)
    {
        Abi.checkBuffer(address, type, count, what);
        return abi.data(address, type, count);
    }

    private static Operation reduction(final Abi abi, final int opHandle, final Datatype type)
    {
        final Operation op = abi.op(opHandle);
        op.check(type, "");
        return op;
    }

    private static int[] uniform(final int size, final int count)
    {
        final int[] counts = new int[size];
        Arrays.fill(counts, count);
        return counts;
    }

    private static int[] displacements(final int[] counts)
    {
        final int[] displs = new int[counts.length];
        for (int i = 1; i < counts.length; i++)
        {
            displs[i] = displs[i - 1] + counts[i - 1];
        }
        return displs;
    }

    private static Consumer<CollectiveChannel> scan(final Abi abi, final long[] a, final Communicator comm,
        final boolean exclusive)
    {
        final int count = (int)a[2];
        final Datatype type = typed(abi, count, (int)a[3]);
        final Operation op = reduction(abi, (int)a[4], type);
        final DataRef send = buffer(abi, (int)a[0] == Abi.IN_PLACE ? (int)a[1] : (int)a[0], type, count, "sendbuf");
        final DataRef recv = buffer(abi, (int)a[1], type, count, "recvbuf");
        final int typeHandle = (int)a[3];
        return channel ->
        {
            final byte[] acc = send.toBytes();
            final byte[] before = exclusive ? new byte[acc.length] : null;
            Collectives.scan(channel, acc, before, type, typeHandle, count, op);
            if (!exclusive)
            {
                recv.unpack(acc, 0, acc.length);
            }
            else if (comm.rank() > 0)
            {
                recv.unpack(before, 0, before.length);
            }
        };
    }

    private static Consumer<CollectiveChannel> reduceScatter(final Abi abi, final Communicator comm,
        final int sendbuf, final int recvbuf, final int[] counts, final int typeHandle, final int opHandle)
    {
        int total = 0;
        for (int i = 0; i < counts.length; i++)
        {
            Abi.checkCount(counts[i], "recvcounts[" + i + "]");
            total += counts[i];
        }
        final Datatype type = abi.committedType(typeHandle);
        final Operation op = reduction(abi, opHandle, type);
        final int totalCount = total;
        final DataRef send = buffer(abi, sendbuf == Abi.IN_PLACE ? recvbuf : sendbuf, type, total, "sendbuf");
        final DataRef recv = buffer(abi, recvbuf, type, counts[comm.rank()], "recvbuf");
        return channel ->
        {
            final byte[] acc = send.toBytes();
            Collectives.reduce(channel, acc, type, typeHandle, totalCount, op, 0);
            final DataRef[] blocks = new DataRef[counts.length];
            int offset = 0;
            for (int r = 0; r < counts.length; r++)
            {
                blocks[r] = DataRef.host(acc, offset, counts[r] * type.size());
                offset += counts[r] * type.size();
            }
            Collectives.scatter(channel, comm.rank() == 0 ? blocks : null, recv, 0);
        };
    }

    /** Gather(v): sendbuf, sendcount, sendtype, recvbuf, recvcount | recvcounts, [displs], recvtype, root, comm. */
    private static Consumer<CollectiveChannel> gather(final Abi abi, final long[] a, final Communicator comm,
        final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final int root = (int)a[6 + shift];
        Abi.checkRoot(comm, root);
        final boolean isRoot = comm.rank() == root;
        final boolean inPlace = (int)a[0] == Abi.IN_PLACE && isRoot;
        final DataRef mine = inPlace ? null :
            buffer(abi, (int)a[0], typed(abi, (int)a[1], (int)a[2]), (int)a[1], "sendbuf");
        DataRef[] blocks = null;
        if (isRoot)
        {
            final Datatype recvType = abi.committedType((int)a[5 + shift]);
            final int[] counts = vector ? abi.readInts((int)a[4], comm.size()) : uniform(comm.size(), (int)a[4]);
            final int[] displs = vector ? abi.readInts((int)a[5], comm.size()) : displacements(counts);
            blocks = blocks(abi, (int)a[3], counts, displs, recvType, vector ? "recvcounts" : "recvcount");
            if (inPlace)
            {
                blocks[root] = null;
            }
        }
        final DataRef[] recvBlocks = blocks;
        return channel -> Collectives.gather(channel, mine, recvBlocks, root);
    }

    /** Scatter(v): sendbuf, sendcount | sendcounts, [displs], sendtype, recvbuf, recvcount, recvtype, root, comm. */
    private static Consumer<CollectiveChannel> scatter(final Abi abi, final long[] a, final Communicator comm,
        final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final int root = (int)a[6 + shift];
        Abi.checkRoot(comm, root);
        final boolean isRoot = comm.rank() == root;
        final int recvbuf = (int)a[3 + shift];
        DataRef mine = null;
        if (!(isRoot && recvbuf == Abi.IN_PLACE))
        {
            final int recvCount = (int)a[4 + shift];
            mine = buffer(abi, recvbuf, typed(abi, recvCount, (int)a[5 + shift]), recvCount, "recvbuf");
        }
        DataRef[] blocks = null;
        if (isRoot)
        {
            final Datatype sendType = abi.committedType((int)a[2 + shift]);
            final int[] counts = vector ? abi.readInts((int)a[1], comm.size()) : uniform(comm.size(), (int)a[1]);
            final int[] displs = vector ? abi.readInts((int)a[2], comm.size()) : displacements(counts);
            blocks = blocks(abi, (int)a[0], counts, displs, sendType, vector ? "sendcounts" : "sendcount");
        }
        final DataRef[] sendBlocks = blocks;
        final DataRef recv = mine;
        return channel -> Collectives.scatter(channel, sendBlocks, recv, root);
    }

    /** Allgather(v): sendbuf, sendcount, sendtype, recvbuf, recvcount | recvcounts, [displs], recvtype, comm. */
    private static Consumer<CollectiveChannel> allgather(final Abi abi, final long[] a, final Communicator comm,
        final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final Datatype recvType = abi.committedType((int)a[5 + shift]);
        final int[] counts = vector ? abi.readInts((int)a[4], comm.size()) : uniform(comm.size(), (int)a[4]);
        final int[] displs = vector ? abi.readInts((int)a[5], comm.size()) : displacements(counts);
        final DataRef[] blocks = blocks(abi, (int)a[3], counts, displs, recvType,
            vector ? "recvcounts" : "recvcount");
        final DataRef mine = (int)a[0] == Abi.IN_PLACE ? null :
            buffer(abi, (int)a[0], typed(abi, (int)a[1], (int)a[2]), (int)a[1], "sendbuf");
        return channel ->
        {
            if (mine != null)
            {
                final DataRef own = blocks[comm.rank()];
                DataRef.transfer(mine, own, Math.min(mine.byteLength(), own.byteLength()));
            }
            Collectives.allgather(channel, blocks);
        };
    }

    private static Consumer<CollectiveChannel> alltoall(final Abi abi, final Communicator comm, final int sendbuf,
        final int[] sendCounts, final int[] sendDispls, final int sendTypeHandle, final int recvbuf,
        final int[] recvCounts, final int[] recvDispls, final int recvTypeHandle)
    {
        final Datatype recvType = abi.committedType(recvTypeHandle);
        final DataRef[] recvBlocks = blocks(abi, recvbuf, recvCounts, recvDispls, recvType, "recvcounts");
        final boolean inPlace = sendbuf == Abi.IN_PLACE;
        final DataRef[] sendBlocks = inPlace ? new DataRef[recvBlocks.length] :
            blocks(abi, sendbuf, sendCounts, sendDispls, abi.committedType(sendTypeHandle), "sendcounts");
        return channel ->
        {
            if (inPlace)
            {
                for (int r = 0; r < recvBlocks.length; r++)
                {
                    sendBlocks[r] = DataRef.host(recvBlocks[r].toBytes());
                }
            }
            Collectives.alltoall(channel, sendBlocks, recvBlocks);
        };
    }

    private static DataRef[] blocks(final Abi abi, final int buffer, final int[] counts, final int[] displs,
        final Datatype type, final String what)
    {
        final DataRef[] blocks = new DataRef[counts.length];
        for (int r = 0; r < counts.length; r++)
        {
            Abi.checkCount(counts[r], what + "[" + r + "]");
            blocks[r] = abi.data(buffer + (int)(displs[r] * type.extent()), type, counts[r]);
        }
        return blocks;
    }
}
