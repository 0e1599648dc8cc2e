package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;

/**
 * One rank's spare {@link Request}s, so that sends and receives in steady state allocate nothing. Confined to the
 * rank's own thread: {@link PointToPoint} takes from it and gives back to it only there, and other threads (the
 * helpers of non-blocking collectives) get fresh requests.
 *
 * <p>A request goes back only once complete, not already here, and taken from a pool in the first place, so the
 * pool never hands out a request another thread can still complete. A guest's request handle is removed from the
 * rank's handle table before its request is recycled, so a stale handle is reported as not live rather than
 * aliasing a new operation.
 */
public final class RequestPool
{
    /** Spare requests kept at most; more outstanding requests than this are allocated and left to the GC. */
    public static final int CAPACITY = 256;

    private final Request[] spare = new Request[CAPACITY];
    private int spareCount;

    Request acquire(final Request.Kind kind, final Waiter waiter, final int contextId, final int source,
        final int tag, final DataRef buffer)
    {
        if (spareCount == 0)
        {
            final Request request = new Request(kind, waiter, contextId, source, tag, buffer);
            request.recyclable(true);
            return request;
        }
        final Request request = spare[--spareCount];
        spare[spareCount] = null;
        request.free(false);
        return request.init(kind, waiter, contextId, source, tag, buffer);
    }

    /**
     * Gives a request back if it came from a pool, is complete and is not already here; otherwise does nothing.
     *
     * @param request a request the caller has finished reading.
     */
    void release(final Request request)
    {
        if (request.recyclable() && !request.free() && request.isComplete() && spareCount < CAPACITY)
        {
            request.free(true);
            spare[spareCount++] = request;
        }
    }

    /**
     * @return spare requests now held, for tests.
     */
    public int spareCount()
    {
        return spareCount;
    }
}
