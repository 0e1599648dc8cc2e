package io.wabric.mpi.collective;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

/**
 * Point-to-point messages in a communicator's collective context, which user receives (even wildcard ones) never
 * see. Every exchange names its peer explicitly, so successive collectives cannot mix up their messages.
 */
final class CollectiveChannel
{
    final MpiRank rank;
    final Communicator comm;
    final int size;
    final int me;
    private final int contextId;

    CollectiveChannel(final MpiRank rank, final Communicator comm)
    {
        this.rank = rank;
        this.comm = comm;
        this.size = comm.size();
        this.me = comm.rank();
        this.contextId = comm.collectiveContextId();
    }

    void send(final int dest, final int tag, final DataRef data)
    {
        PointToPoint.send(rank, comm, contextId, dest, tag, data);
    }

    Request isend(final int dest, final int tag, final DataRef data)
    {
        return PointToPoint.isend(rank, comm, contextId, dest, tag, data, false);
    }

    void recv(final int source, final int tag, final DataRef buffer)
    {
        check(PointToPoint.recv(rank, contextId, source, tag, buffer));
    }

    Request irecv(final int source, final int tag, final DataRef buffer)
    {
        return PointToPoint.irecv(rank, contextId, source, tag, buffer);
    }

    void sendrecv(final int dest, final DataRef sendData, final int source, final DataRef recvBuffer, final int tag)
    {
        final Request receive = irecv(source, tag, recvBuffer);
        final Request send = isend(dest, tag, sendData);
        rank.await(receive);
        rank.await(send);
        check(receive);
    }

    void waitAll(final Request[] requests)
    {
        for (final Request request : requests)
        {
            if (request != null)
            {
                rank.await(request);
                check(request);
            }
        }
    }

    private static void check(final Request request)
    {
        if (request.error() != io.wabric.mpi.error.MpiError.SUCCESS)
        {
            throw new MpiException(request.error(), request.errorMessage() +
                " (the counts or datatypes of a collective differ between ranks)");
        }
    }
}
