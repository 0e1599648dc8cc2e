package io.wabric.mpi.abi;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Sends, receives and probes.
 */
final class PointToPointFunctions
{
    private enum Mode
    {
        STANDARD, SYNCHRONOUS, BUFFERED
    }

    private PointToPointFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Send", 6, 5, (abi, a) -> blocking(abi, a, Mode.STANDARD));
        table.add("MPI_Rsend", 6, 5, (abi, a) -> blocking(abi, a, Mode.STANDARD));
        table.add("MPI_Ssend", 6, 5, (abi, a) -> blocking(abi, a, Mode.SYNCHRONOUS));
        table.add("MPI_Bsend", 6, 5, (abi, a) -> blocking(abi, a, Mode.BUFFERED));
        table.add("MPI_Isend", 7, 5, (abi, a) -> nonblocking(abi, a, Mode.STANDARD));
        table.add("MPI_Irsend", 7, 5, (abi, a) -> nonblocking(abi, a, Mode.STANDARD));
        table.add("MPI_Issend", 7, 5, (abi, a) -> nonblocking(abi, a, Mode.SYNCHRONOUS));
        table.add("MPI_Ibsend", 7, 5, (abi, a) -> nonblocking(abi, a, Mode.BUFFERED));
        table.add("MPI_Buffer_attach", 2, NO_COMM, (abi, a) ->
        {
            Abi.checkCount((int)a[1], "size");
            abi.rank.attachBuffer((int)a[0], (int)a[1]);
            return 0;
        });
        table.add("MPI_Buffer_detach", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], abi.rank.attachedBufferAddress());
            abi.writeInt((int)a[1], abi.rank.attachedBufferBytes());
            abi.rank.attachBuffer(0, 0);
            return 0;
        });
        table.add("MPI_Recv", 7, 5, (abi, a) ->
        {
            final Request receive = startRecv(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4], (int)a[5]);
            abi.rank.await(receive);
            abi.writeStatus((int)a[6], receive, false);
            Abi.throwIfFailed(receive);
            PointToPoint.release(abi.rank, receive);
            return 0;
        });
        table.add("MPI_Irecv", 7, 5, (abi, a) ->
        {
            final Request receive = startRecv(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4], (int)a[5]);
            abi.writeInt((int)a[6], abi.rank.requests().add(receive));
            return 0;
        });
        table.add("MPI_Sendrecv", 12, 10, (abi, a) ->
        {
            final Request receive = startRecv(abi, (int)a[5], (int)a[6], (int)a[7], (int)a[8], (int)a[9],
                (int)a[10]);
            final Request send = startSend(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4], (int)a[10],
                Mode.STANDARD);
            abi.rank.await(send);
            abi.rank.await(receive);
            abi.writeStatus((int)a[11], receive, false);
            Abi.throwIfFailed(receive);
            PointToPoint.release(abi.rank, send);
            PointToPoint.release(abi.rank, receive);
            return 0;
        });
        table.add("MPI_Sendrecv_replace", 9, 7, (abi, a) ->
        {
            final Datatype type = abi.committedType((int)a[2]);
            Abi.checkCount((int)a[1], "count");
            final byte[] copy = abi.data((int)a[0], type, (int)a[1]).toBytes();
            final Request receive = startRecv(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[5], (int)a[6], (int)a[7]);
            final Request send = startSend(abi, copy, (int)a[3], (int)a[4], (int)a[7]);
            abi.rank.await(send);
            abi.rank.await(receive);
            abi.writeStatus((int)a[8], receive, false);
            Abi.throwIfFailed(receive);
            PointToPoint.release(abi.rank, send);
            PointToPoint.release(abi.rank, receive);
            return 0;
        });
        table.add("MPI_Probe", 4, 2, (abi, a) ->
        {
            final Communicator comm = probeArgs(abi, (int)a[0], (int)a[1], (int)a[2]);
            if ((int)a[0] == MatchRules.PROC_NULL)
            {
                abi.writeProcNullStatus((int)a[3]);
                return 0;
            }
            abi.writeStatus((int)a[3], PointToPoint.probe(abi.rank, comm.contextId(), (int)a[0], (int)a[1]), false);
            return 0;
        });
        table.add("MPI_Iprobe", 5, 2, (abi, a) ->
        {
            final Communicator comm = probeArgs(abi, (int)a[0], (int)a[1], (int)a[2]);
            if ((int)a[0] == MatchRules.PROC_NULL)
            {
                abi.writeInt((int)a[3], 1);
                abi.writeProcNullStatus((int)a[4]);
                return 0;
            }
            final Request found = PointToPoint.iprobe(abi.rank, comm.contextId(), (int)a[0], (int)a[1]);
            abi.writeInt((int)a[3], found == null ? 0 : 1);
            if (found != null)
            {
                abi.writeStatus((int)a[4], found, false);
            }
            else
            {
                Thread.onSpinWait();
            }
            return 0;
        });
    }

    private static Communicator probeArgs(final Abi abi, final int source, final int tag, final int commHandle)
    {
        final Communicator comm = abi.comm(commHandle);
        Abi.checkPeer(comm, source, "source", true);
        Abi.checkTag(tag, true);
        return comm;
    }

    private static int blocking(final Abi abi, final long[] a, final Mode mode)
    {
        final Request send = startSend(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4], (int)a[5], mode);
        if (mode != Mode.BUFFERED)
        {
            abi.rank.await(send);
            PointToPoint.release(abi.rank, send);
        }
        return 0;
    }

    private static int nonblocking(final Abi abi, final long[] a, final Mode mode)
    {
        final Request send = startSend(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4], (int)a[5], mode);
        abi.writeInt((int)a[6], abi.rank.requests().add(mode == Mode.BUFFERED ? Request.completed(-1, 0) : send));
        return 0;
    }

    private static Request startSend(final Abi abi, final int buffer, final int count, final int typeHandle,
        final int dest, final int tag, final int commHandle, final Mode mode)
    {
        final Communicator comm = abi.comm(commHandle);
        Abi.checkCount(count, "count");
        final Datatype type = abi.committedType(typeHandle);
        Abi.checkTag(tag, false);
        Abi.checkPeer(comm, dest, "dest", false);
        if (dest == MatchRules.PROC_NULL)
        {
            return Request.completed(MatchRules.PROC_NULL, MatchRules.ANY_TAG);
        }
        Abi.checkBuffer(buffer, type, count, "buf");
        if (mode == Mode.BUFFERED)
        {
            final DataRef data = abi.data(buffer, type, count);
            final int needed = data.byteLength() + 32;
            if (abi.rank.attachedBufferBytes() < needed)
            {
                throw new MpiException(MpiError.ERR_BUFFER, "buffered send of " + data.byteLength() + " bytes needs " +
                    needed + " bytes of attached buffer, " + abi.rank.attachedBufferBytes() +
                    " are attached: call MPI_Buffer_attach with at least count * size + MPI_BSEND_OVERHEAD");
            }
            return PointToPoint.isend(abi.rank, comm, comm.contextId(), dest, tag, DataRef.host(data.toBytes()),
                false);
        }
        return PointToPoint.isend(abi.rank, comm, comm.contextId(), dest, tag, abi.memory(), buffer, type, count,
            mode == Mode.SYNCHRONOUS);
    }

    private static Request startSend(final Abi abi, final byte[] packed, final int dest, final int tag,
        final int commHandle)
    {
        final Communicator comm = abi.comm(commHandle);
        Abi.checkTag(tag, false);
        Abi.checkPeer(comm, dest, "dest", false);
        if (dest == MatchRules.PROC_NULL)
        {
            return Request.completed(MatchRules.PROC_NULL, MatchRules.ANY_TAG);
        }
        return PointToPoint.isend(abi.rank, comm, comm.contextId(), dest, tag, DataRef.host(packed), false);
    }

    private static Request startRecv(final Abi abi, final int buffer, final int count, final int typeHandle,
        final int source, final int tag, final int commHandle)
    {
        final Communicator comm = abi.comm(commHandle);
        Abi.checkCount(count, "count");
        final Datatype type = abi.committedType(typeHandle);
        Abi.checkTag(tag, true);
        Abi.checkPeer(comm, source, "source", true);
        if (source == MatchRules.PROC_NULL)
        {
            return Request.completed(MatchRules.PROC_NULL, MatchRules.ANY_TAG);
        }
        Abi.checkBuffer(buffer, type, count, "buf");
        return PointToPoint.irecv(abi.rank, comm.contextId(), source, tag, abi.memory(), buffer, type, count);
    }
}
