package io.wabric.mpi.rma;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.faaslet.ExitCodes;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.op.Reductions;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The target side of one rank's window: a thread that receives the origins' requests on the window's hidden
 * communicator and applies them to the rank's memory, one at a time in arrival order, so accumulates are atomic
 * per operation and an origin's unlock or flush is answered only after its earlier operations took effect. It gives
 * passive-target progress while the rank's own thread computes, and needs nothing but point-to-point, so it works
 * wherever the ranks run. It also keeps the window's lock: shared holders or one exclusive holder, waiters granted
 * in arrival order.
 */
final class WindowService implements Runnable
{
    static final int LOCK_EXCLUSIVE = 1;
    static final int LOCK_SHARED = 2;

    private final MpiRank rank;
    private final Communicator comm;
    private final int base;
    private final Thread rankThread;
    private final Deque<int[]> waiting = new ArrayDeque<>();
    private int sharedHolders;
    private int exclusiveHolder = -1;

    WindowService(final MpiRank rank, final Communicator comm, final int base)
    {
        this.rank = rank;
        this.comm = comm;
        this.base = base;
        this.rankThread = rank.thread();
    }

    @Override
    public void run()
    {
        final byte[] headerBytes = new byte[RmaHeader.MAX_BYTES];
        try
        {
            while (true)
            {
                final Request receive = PointToPoint.irecv(rank, comm.contextId(), MatchRules.ANY_SOURCE,
                    RmaHeader.TAG_HEADER, DataRef.host(headerBytes));
                rank.await(() -> receive.isComplete() || rankThread != null && !rankThread.isAlive());
                if (!receive.isComplete())
                {
                    return;
                }
                final RmaHeader header = RmaHeader.decode(headerBytes, receive.countBytes());
                if (header.kind == RmaHeader.STOP)
                {
                    return;
                }
                serve(receive.statusSource(), header);
            }
        }
        catch (final JobAbortedException ex)
        {
            // the job is ending
        }
        catch (final RuntimeException ex)
        {
            rank.world().fail(ExitCodes.INTERNAL_ERROR, rank.worldRank(), "one-sided window service of rank " +
                rank.worldRank() + " failed: " + ex);
        }
    }

    private void serve(final int origin, final RmaHeader header)
    {
        switch (header.kind)
        {
            case RmaHeader.PUT:
                receiveData(origin, target(header));
                break;
            case RmaHeader.GET:
                reply(origin, RmaHeader.TAG_REPLY_GET, target(header));
                break;
            case RmaHeader.ACCUMULATE:
                accumulate(origin, header);
                break;
            case RmaHeader.GET_ACCUMULATE:
                getAccumulate(origin, header);
                break;
            case RmaHeader.COMPARE_AND_SWAP:
                compareAndSwap(origin, header);
                break;
            case RmaHeader.FLUSH:
                reply(origin, RmaHeader.TAG_REPLY_FLUSH, DataRef.host(new byte[0]));
                break;
            case RmaHeader.LOCK:
                waiting.add(new int[] {origin, header.offsetOrLock});
                grantWaiting();
                break;
            case RmaHeader.UNLOCK:
                if (exclusiveHolder == origin)
                {
                    exclusiveHolder = -1;
                }
                else if (sharedHolders > 0)
                {
                    sharedHolders--;
                }
                reply(origin, RmaHeader.TAG_REPLY_UNLOCK, DataRef.host(new byte[0]));
                grantWaiting();
                break;
            default:
                throw new MpiException(MpiError.ERR_INTERN, "unknown one-sided request kind " + header.kind +
                    " from rank " + origin);
        }
    }

    private DataRef target(final RmaHeader header)
    {
        final Memory memory = rank.guest().memory();
        final Datatype type = header.targetType();
        return DataRef.guest(memory, base + header.offsetOrLock, type, header.count);
    }

    private void receiveData(final int origin, final DataRef into)
    {
        final Request data = PointToPoint.recv(rank, comm.contextId(), origin, RmaHeader.TAG_DATA, into);
        if (data.error() != MpiError.SUCCESS)
        {
            throw new MpiException(data.error(), data.errorMessage());
        }
    }

    private void accumulate(final int origin, final RmaHeader header)
    {
        final byte[] incoming = new byte[header.dataBytes];
        receiveData(origin, DataRef.host(incoming));
        combine(header, incoming);
    }

    /** Replies with the target's old contents, then combines: one atomic step, as nothing else runs between. */
    private void getAccumulate(final int origin, final RmaHeader header)
    {
        final byte[] incoming = new byte[header.dataBytes];
        if (header.dataBytes > 0)
        {
            receiveData(origin, DataRef.host(incoming));
        }
        reply(origin, RmaHeader.TAG_REPLY_FETCH, DataRef.host(target(header).toBytes()));
        combine(header, incoming);
    }

    /** The data is the compare value then the new value; the old value goes back either way. */
    private void compareAndSwap(final int origin, final RmaHeader header)
    {
        final byte[] incoming = new byte[header.dataBytes];
        receiveData(origin, DataRef.host(incoming));
        final DataRef target = target(header);
        final byte[] current = target.toBytes();
        reply(origin, RmaHeader.TAG_REPLY_FETCH, DataRef.host(current.clone()));
        final int half = incoming.length / 2;
        if (java.util.Arrays.equals(current, 0, current.length, incoming, 0, half))
        {
            target.unpack(incoming, half, half);
        }
    }

    private void combine(final RmaHeader header, final byte[] incoming)
    {
        final PredefinedOp op = PredefinedOp.of(header.opHandle);
        if (op == PredefinedOp.NO_OP)
        {
            return;
        }
        final DataRef target = target(header);
        if (op == PredefinedOp.REPLACE || header.primitive < 0)
        {
            target.unpack(incoming, 0, incoming.length);
            return;
        }
        final Primitive primitive = Primitive.values()[header.primitive];
        final byte[] current = target.toBytes();
        Reductions.apply(op, primitive, incoming, 0, current, 0, current.length / primitive.packedBytes());
        target.unpack(current, 0, current.length);
    }

    private void reply(final int origin, final int tag, final DataRef data)
    {
        PointToPoint.isend(rank, comm, comm.contextId(), origin, tag, data, false);
    }

    private void grantWaiting()
    {
        while (!waiting.isEmpty() && exclusiveHolder < 0)
        {
            final int[] next = waiting.peek();
            if (next[1] == LOCK_EXCLUSIVE)
            {
                if (sharedHolders > 0)
                {
                    return;
                }
                exclusiveHolder = next[0];
            }
            else
            {
                sharedHolders++;
            }
            waiting.poll();
            reply(next[0], RmaHeader.TAG_REPLY_LOCK, DataRef.host(new byte[0]));
        }
    }
}
