package io.wabric.mpi.abi;

import io.wabric.mpi.collective.Collectives;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.op.Operation;

/**
 * Blocking collectives, with MPI_IN_PLACE where MPI-3.1 allows it.
 */
final class CollectiveFunctions
{
    private CollectiveFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Barrier", 1, 0, (abi, a) ->
        {
            Collectives.barrier(abi.rank, abi.comm((int)a[0]));
            return 0;
        });
        table.add("MPI_Bcast", 5, 4, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[4]);
            final Datatype type = typed(abi, (int)a[1], (int)a[2]);
            Abi.checkRoot(comm, (int)a[3]);
            Collectives.bcast(abi.rank, comm, abi.data((int)a[0], type, (int)a[1]), (int)a[3]);
            return 0;
        });
        table.add("MPI_Reduce", 7, 6, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[6]);
            final int count = (int)a[2];
            final Datatype type = typed(abi, count, (int)a[3]);
            final Operation op = reduction(abi, (int)a[4], type);
            final int root = (int)a[5];
            Abi.checkRoot(comm, root);
            final boolean inPlace = (int)a[0] == Abi.IN_PLACE && comm.rank() == root;
            final byte[] acc = abi.data(inPlace ? (int)a[1] : (int)a[0], type, count).toBytes();
            if (Collectives.reduce(abi.rank, comm, acc, type, (int)a[3], count, op, root))
            {
                abi.data((int)a[1], type, count).unpack(acc, 0, acc.length);
            }
            return 0;
        });
        table.add("MPI_Allreduce", 6, 5, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[5]);
            final int count = (int)a[2];
            final Datatype type = typed(abi, count, (int)a[3]);
            final Operation op = reduction(abi, (int)a[4], type);
            final byte[] acc = abi.data((int)a[0] == Abi.IN_PLACE ? (int)a[1] : (int)a[0], type, count).toBytes();
            Collectives.allreduce(abi.rank, comm, acc, type, (int)a[3], count, op);
            abi.data((int)a[1], type, count).unpack(acc, 0, acc.length);
            return 0;
        });
        table.add("MPI_Scan", 6, 5, (abi, a) -> scan(abi, a, false));
        table.add("MPI_Exscan", 6, 5, (abi, a) -> scan(abi, a, true));
        table.add("MPI_Reduce_scatter_block", 6, 5, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[5]);
            final int[] counts = new int[comm.size()];
            java.util.Arrays.fill(counts, (int)a[2]);
            return reduceScatter(abi, comm, (int)a[0], (int)a[1], counts, (int)a[3], (int)a[4]);
        });
        table.add("MPI_Reduce_scatter", 6, 5, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[5]);
            return reduceScatter(abi, comm, (int)a[0], (int)a[1], abi.readInts((int)a[2], comm.size()), (int)a[3],
                (int)a[4]);
        });
        table.add("MPI_Gather", 8, 7, (abi, a) -> gather(abi, a, false));
        table.add("MPI_Gatherv", 9, 8, (abi, a) -> gather(abi, a, true));
        table.add("MPI_Scatter", 8, 7, (abi, a) -> scatter(abi, a, false));
        table.add("MPI_Scatterv", 9, 8, (abi, a) -> scatter(abi, a, true));
        table.add("MPI_Allgather", 7, 6, (abi, a) -> allgather(abi, a, false));
        table.add("MPI_Allgatherv", 8, 7, (abi, a) -> allgather(abi, a, true));
        table.add("MPI_Alltoall", 7, 6, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[6]);
            final int[] sendCounts = uniform(comm.size(), (int)a[1]);
            final int[] recvCounts = uniform(comm.size(), (int)a[4]);
            return alltoall(abi, comm, (int)a[0], sendCounts, displacements(sendCounts), (int)a[2], (int)a[3],
                recvCounts, displacements(recvCounts), (int)a[5]);
        });
        table.add("MPI_Alltoallv", 9, 8, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[8]);
            final int size = comm.size();
            final boolean inPlace = (int)a[0] == Abi.IN_PLACE;
            final int[] recvCounts = abi.readInts((int)a[5], size);
            final int[] recvDispls = abi.readInts((int)a[6], size);
            return alltoall(abi, comm, (int)a[0], inPlace ? recvCounts : abi.readInts((int)a[1], size),
                inPlace ? recvDispls : abi.readInts((int)a[2], size), inPlace ? (int)a[7] : (int)a[3], (int)a[4],
                recvCounts, recvDispls, (int)a[7]);
        });
    }

    private static Datatype typed(final Abi abi, final int count, final int typeHandle)
    {
        Abi.checkCount(count, "count");
        return abi.committedType(typeHandle);
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
        java.util.Arrays.fill(counts, count);
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

    private static int scan(final Abi abi, final long[] a, final boolean exclusive)
    {
        final Communicator comm = abi.comm((int)a[5]);
        final int count = (int)a[2];
        final Datatype type = typed(abi, count, (int)a[3]);
        final Operation op = reduction(abi, (int)a[4], type);
        final byte[] acc = abi.data((int)a[0] == Abi.IN_PLACE ? (int)a[1] : (int)a[0], type, count).toBytes();
        final byte[] before = exclusive ? new byte[acc.length] : null;
        Collectives.scan(abi.rank, comm, acc, before, type, (int)a[3], count, op);
        if (!exclusive)
        {
            abi.data((int)a[1], type, count).unpack(acc, 0, acc.length);
        }
        else if (comm.rank() > 0)
        {
            abi.data((int)a[1], type, count).unpack(before, 0, before.length);
        }
        return 0;
    }

    private static int reduceScatter(final Abi abi, final Communicator comm, final int sendbuf, final int recvbuf,
        final int[] counts, final int typeHandle, final int opHandle)
    {
        int total = 0;
        for (int i = 0; i < counts.length; i++)
        {
            Abi.checkCount(counts[i], "recvcounts[" + i + "]");
            total += counts[i];
        }
        final Datatype type = abi.committedType(typeHandle);
        final Operation op = reduction(abi, opHandle, type);
        final byte[] acc = abi.data(sendbuf == Abi.IN_PLACE ? recvbuf : sendbuf, type, total).toBytes();
        Collectives.reduce(abi.rank, comm, acc, type, typeHandle, total, op, 0);
        final DataRef[] blocks = new DataRef[counts.length];
        int offset = 0;
        for (int r = 0; r < counts.length; r++)
        {
            blocks[r] = DataRef.host(acc, offset, counts[r] * type.size());
            offset += counts[r] * type.size();
        }
        Collectives.scatter(abi.rank, comm, comm.rank() == 0 ? blocks : null,
            abi.data(recvbuf, type, counts[comm.rank()]), 0);
        return 0;
    }

    /** Gather(v): sendbuf, sendcount, sendtype, recvbuf, recvcount | recvcounts, [displs], recvtype, root, comm. */
    private static int gather(final Abi abi, final long[] a, final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final Communicator comm = abi.comm((int)a[7 + shift]);
        final int root = (int)a[6 + shift];
        Abi.checkRoot(comm, root);
        final boolean isRoot = comm.rank() == root;
        final boolean inPlace = (int)a[0] == Abi.IN_PLACE && isRoot;
        DataRef mine = null;
        if (!inPlace)
        {
            mine = abi.data((int)a[0], typed(abi, (int)a[1], (int)a[2]), (int)a[1]);
        }
        DataRef[] blocks = null;
        if (isRoot)
        {
            final Datatype recvType = abi.committedType((int)a[5 + shift]);
            final int[] counts = vector ? abi.readInts((int)a[4], comm.size()) : uniform(comm.size(), (int)a[4]);
            final int[] displs = vector ? abi.readInts((int)a[5], comm.size()) : displacements(counts);
            blocks = blocks(abi, (int)a[3], counts, displs, recvType);
            if (inPlace)
            {
                blocks[root] = null;
            }
        }
        Collectives.gather(abi.rank, comm, mine, blocks, root);
        return 0;
    }

    /** Scatter(v): sendbuf, sendcount | sendcounts, [displs], sendtype, recvbuf, recvcount, recvtype, root, comm. */
    private static int scatter(final Abi abi, final long[] a, final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final Communicator comm = abi.comm((int)a[7 + shift]);
        final int root = (int)a[6 + shift];
        Abi.checkRoot(comm, root);
        final boolean isRoot = comm.rank() == root;
        final int recvbuf = (int)a[3 + shift];
        DataRef mine = null;
        if (!(isRoot && recvbuf == Abi.IN_PLACE))
        {
            final int recvCount = (int)a[4 + shift];
            mine = abi.data(recvbuf, typed(abi, recvCount, (int)a[5 + shift]), recvCount);
        }
        DataRef[] blocks = null;
        if (isRoot)
        {
            final Datatype sendType = abi.committedType((int)a[2 + shift]);
            final int[] counts = vector ? abi.readInts((int)a[1], comm.size()) : uniform(comm.size(), (int)a[1]);
            final int[] displs = vector ? abi.readInts((int)a[2], comm.size()) : displacements(counts);
            blocks = blocks(abi, (int)a[0], counts, displs, sendType);
        }
        Collectives.scatter(abi.rank, comm, blocks, mine, root);
        return 0;
    }

    /** Allgather(v): sendbuf, sendcount, sendtype, recvbuf, recvcount | recvcounts, [displs], recvtype, comm. */
    private static int allgather(final Abi abi, final long[] a, final boolean vector)
    {
        final int shift = vector ? 1 : 0;
        final Communicator comm = abi.comm((int)a[6 + shift]);
        final Datatype recvType = abi.committedType((int)a[5 + shift]);
        final int[] counts = vector ? abi.readInts((int)a[4], comm.size()) : uniform(comm.size(), (int)a[4]);
        final int[] displs = vector ? abi.readInts((int)a[5], comm.size()) : displacements(counts);
        final DataRef[] blocks = blocks(abi, (int)a[3], counts, displs, recvType);
        if ((int)a[0] != Abi.IN_PLACE)
        {
            final DataRef mine = abi.data((int)a[0], typed(abi, (int)a[1], (int)a[2]), (int)a[1]);
            final DataRef own = blocks[comm.rank()];
            DataRef.transfer(mine, own, Math.min(mine.byteLength(), own.byteLength()));
        }
        Collectives.allgather(abi.rank, comm, blocks);
        return 0;
    }

    private static int alltoall(final Abi abi, final Communicator comm, final int sendbuf, final int[] sendCounts,
        final int[] sendDispls, final int sendTypeHandle, final int recvbuf, final int[] recvCounts,
        final int[] recvDispls, final int recvTypeHandle)
    {
        final Datatype recvType = abi.committedType(recvTypeHandle);
        final DataRef[] recvBlocks = blocks(abi, recvbuf, recvCounts, recvDispls, recvType);
        final DataRef[] sendBlocks;
        if (sendbuf == Abi.IN_PLACE)
        {
            sendBlocks = new DataRef[recvBlocks.length];
            for (int r = 0; r < recvBlocks.length; r++)
            {
                sendBlocks[r] = DataRef.host(recvBlocks[r].toBytes());
            }
        }
        else
        {
            sendBlocks = blocks(abi, sendbuf, sendCounts, sendDispls, abi.committedType(sendTypeHandle));
        }
        Collectives.alltoall(abi.rank, comm, sendBlocks, recvBlocks);
        return 0;
    }

    private static DataRef[] blocks(final Abi abi, final int buffer, final int[] counts, final int[] displs,
        final Datatype type)
    {
        final DataRef[] blocks = new DataRef[counts.length];
        for (int r = 0; r < counts.length; r++)
        {
            Abi.checkCount(counts[r], "counts[" + r + "]");
            blocks[r] = abi.data(buffer + displs[r] * type.extent(), type, counts[r]);
        }
        return blocks;
    }
}
