package io.wabric.mpi.abi;

import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Wait, Test and their any/all/some forms, Request_get_status, Request_free, Get_count and Get_elements.
 */
final class CompletionFunctions
{
    private CompletionFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Wait", 2, NO_COMM, (abi, a) ->
        {
            final Request request = lookup(abi, abi.readInt((int)a[0]), "request");
            if (request == null)
            {
                abi.writeEmptyStatus((int)a[1]);
                return 0;
            }
            abi.rank.await(request);
            return finish(abi, (int)a[0], request, (int)a[1]);
        });
        table.add("MPI_Test", 3, NO_COMM, (abi, a) ->
        {
            final Request request = lookup(abi, abi.readInt((int)a[0]), "request");
            if (request == null)
            {
                abi.writeInt((int)a[1], 1);
                abi.writeEmptyStatus((int)a[2]);
                return 0;
            }
            abi.writeInt((int)a[1], request.isComplete() ? 1 : 0);
            if (!request.isComplete())
            {
                Thread.onSpinWait();
                return 0;
            }
            return finish(abi, (int)a[0], request, (int)a[2]);
        });
        table.add("MPI_Waitall", 3, NO_COMM, (abi, a) -> waitAll(abi, (int)a[0], (int)a[1], (int)a[2]));
        table.add("MPI_Testall", 4, NO_COMM, (abi, a) ->
        {
            final int count = (int)a[0];
            final Request[] requests = lookupAll(abi, count, (int)a[1]);
            for (final Request request : requests)
            {
                if (request != null && !request.isComplete())
                {
                    abi.writeInt((int)a[2], 0);
                    Thread.onSpinWait();
                    return 0;
                }
            }
            abi.writeInt((int)a[2], 1);
            return waitAll(abi, count, (int)a[1], (int)a[3]);
        });
        table.add("MPI_Waitany", 4, NO_COMM, (abi, a) -> any(abi, (int)a[0], (int)a[1], (int)a[2], 0, (int)a[3],
            true));
        table.add("MPI_Testany", 5, NO_COMM, (abi, a) -> any(abi, (int)a[0], (int)a[1], (int)a[2], (int)a[3],
            (int)a[4], false));
        table.add("MPI_Waitsome", 5, NO_COMM, (abi, a) -> some(abi, a, true));
        table.add("MPI_Testsome", 5, NO_COMM, (abi, a) -> some(abi, a, false));
        table.add("MPI_Request_free", 1, NO_COMM, (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            if (lookup(abi, handle, "request") == null)
            {
                throw new MpiException(MpiError.ERR_REQUEST, "request=MPI_REQUEST_NULL cannot be freed");
            }
            final Request freed = release(abi, (int)a[0]);
            PointToPoint.release(abi.rank, freed);
            return 0;
        });
        table.add("MPI_Request_get_status", 3, NO_COMM, (abi, a) ->
        {
            final Request request = lookup(abi, (int)a[0], "request");
            if (request == null)
            {
                abi.writeInt((int)a[1], 1);
                abi.writeEmptyStatus((int)a[2]);
                return 0;
            }
            // MPI_Test without completing: the request stays live, its handle unchanged
            final boolean complete = request.isComplete();
            abi.writeInt((int)a[1], complete ? 1 : 0);
            if (!complete)
            {
                Thread.onSpinWait();
                return 0;
            }
            abi.writeStatus((int)a[2], request, false);
            Abi.throwIfFailed(request);
            return 0;
        });
        table.add("MPI_Get_count", 3, NO_COMM, (abi, a) ->
        {
            final Datatype type = abi.type((int)a[1]);
            final int bytes = abi.readInt((int)a[0] + Abi.STATUS_COUNT_OFFSET);
            abi.writeInt((int)a[2], type.size() == 0 ? 0 : bytes % type.size() != 0 ? Abi.UNDEFINED :
                bytes / type.size());
            return 0;
        });
        table.add("MPI_Get_elements", 3, NO_COMM, (abi, a) ->
        {
            final Datatype type = abi.type((int)a[1]);
            final int bytes = abi.readInt((int)a[0] + Abi.STATUS_COUNT_OFFSET);
            // basic elements, in type-map order: 12 bytes of struct {int; double} are 2, 16 bytes are 3
            final long elements = type.elementsIn(bytes);
            abi.writeInt((int)a[2], elements < 0 || elements > Integer.MAX_VALUE ? Abi.UNDEFINED : (int)elements);
            return 0;
        });
    }

    private static Request lookup(final Abi abi, final int handle, final String what)
    {
        if (handle == Abi.REQUEST_NULL)
        {
            return null;
        }
        final Request request = abi.rank.requests().get(handle);
        if (request == null)
        {
            throw new MpiException(MpiError.ERR_REQUEST, what + "=" + handle + " is not a live request of this rank" +
                " (completed and freed already?)");
        }
        return request;
    }

    private static Request[] lookupAll(final Abi abi, final int count, final int array)
    {
        Abi.checkCount(count, "count");
        final Request[] requests = new Request[count];
        for (int i = 0; i < count; i++)
        {
            requests[i] = lookup(abi, abi.readInt(array + 4 * i), "requests[" + i + "]");
        }
        return requests;
    }

    private static int finish(final Abi abi, final int handleAddress, final Request request, final int status)
    {
        abi.writeStatus(status, request, false);
        release(abi, handleAddress);
        Abi.throwIfFailed(request);
        PointToPoint.release(abi.rank, request);
        return 0;
    }

    /**
     * Frees the guest's handle (its slot now reads MPI_REQUEST_NULL); the caller recycles the request after reading
     * it, so a stale copy of the handle never names a recycled request.
     */
    private static Request release(final Abi abi, final int handleAddress)
    {
        final Request request = abi.rank.requests().remove(abi.readInt(handleAddress));
        abi.writeInt(handleAddress, Abi.REQUEST_NULL);
        return request;
    }

    private static int waitAll(final Abi abi, final int count, final int array, final int statuses)
    {
        final Request[] requests = lookupAll(abi, count, array);
        boolean failed = false;
        for (int i = 0; i < count; i++)
        {
            if (requests[i] == null)
            {
                if (statuses != 0)
                {
                    abi.writeEmptyStatus(statuses + Abi.STATUS_LENGTH * i);
                }
                continue;
            }
            abi.rank.await(requests[i]);
            if (statuses != 0)
            {
                abi.writeStatus(statuses + Abi.STATUS_LENGTH * i, requests[i], true);
            }
            failed |= requests[i].error() != MpiError.SUCCESS;
            release(abi, array + 4 * i);
            PointToPoint.release(abi.rank, requests[i]);
        }
        if (failed)
        {
            throw new MpiException(MpiError.ERR_IN_STATUS, "a request failed: see the statuses' MPI_ERROR");
        }
        return 0;
    }

    private static int firstComplete(final Request[] requests)
    {
        for (int i = 0; i < requests.length; i++)
        {
            if (requests[i] != null && requests[i].isComplete())
            {
                return i;
            }
        }
        return -1;
    }

    /** Waitsome / Testsome: incount, requests, outcount, indices, statuses. */
    private static int some(final Abi abi, final long[] a, final boolean block)
    {
        final int count = (int)a[0];
        final Request[] requests = lookupAll(abi, count, (int)a[1]);
        boolean active = false;
        for (final Request request : requests)
        {
            active |= request != null;
        }
        if (!active)
        {
            abi.writeInt((int)a[2], Abi.UNDEFINED);
            return 0;
        }
        if (block)
        {
            abi.rank.await(() -> firstComplete(requests) >= 0);
        }
        int done = 0;
        boolean failed = false;
        for (int i = 0; i < count; i++)
        {
            if (requests[i] != null && requests[i].isComplete())
            {
                abi.writeInt((int)a[3] + 4 * done, i);
                if ((int)a[4] != 0)
                {
                    abi.writeStatus((int)a[4] + Abi.STATUS_LENGTH * done, requests[i], true);
                }
                failed |= requests[i].error() != MpiError.SUCCESS;
                release(abi, (int)a[1] + 4 * i);
                PointToPoint.release(abi.rank, requests[i]);
                done++;
            }
        }
        abi.writeInt((int)a[2], done);
        if (done == 0)
        {
            Thread.onSpinWait();
        }
        if (failed)
        {
            throw new MpiException(MpiError.ERR_IN_STATUS, "a request failed: see the statuses' MPI_ERROR");
        }
        return 0;
    }

    private static int any(final Abi abi, final int count, final int array, final int indexAddress,
        final int flagAddress, final int status, final boolean block)
    {
        final Request[] requests = lookupAll(abi, count, array);
        boolean active = false;
        for (final Request request : requests)
        {
            active |= request != null;
        }
        if (!active)
        {
            abi.writeInt(indexAddress, Abi.UNDEFINED);
            abi.writeInt(flagAddress, 1);
            abi.writeEmptyStatus(status);
            return 0;
        }
        if (block)
        {
            abi.rank.await(() -> firstComplete(requests) >= 0);
        }
        final int index = firstComplete(requests);
        abi.writeInt(flagAddress, index >= 0 ? 1 : 0);
        if (index < 0)
        {
            abi.writeInt(indexAddress, Abi.UNDEFINED);
            Thread.onSpinWait();
            return 0;
        }
        abi.writeInt(indexAddress, index);
        return finish(abi, array + 4 * index, requests[index], status);
    }
}
