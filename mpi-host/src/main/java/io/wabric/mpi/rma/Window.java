package io.wabric.mpi.rma;

import io.wabric.mpi.collective.Collectives;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.op.Reductions;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One rank's view of an MPI window: its memory (base, size, displacement unit), every member's size and unit for
 * range checks, the origin-side epoch state, and the {@link WindowService} serving the other ranks' requests.
 *
 * <p>An operation sends a request (and its data) to the target's service at once and completes at the next
 * synchronisation: MPI_Win_fence flushes every target this rank touched and then synchronises with a barrier;
 * MPI_Win_unlock (and MPI_Win_flush) waits for the target to confirm that everything before it took effect. Only
 * the owning rank's thread calls these methods; the service runs on its own thread.
 */
public final class Window
{
    /** MPI_LOCK_EXCLUSIVE. Part of the guest ABI. */
    public static final int LOCK_EXCLUSIVE = WindowService.LOCK_EXCLUSIVE;
    /** MPI_LOCK_SHARED. Part of the guest ABI. */
    public static final int LOCK_SHARED = WindowService.LOCK_SHARED;
    /** MPI_MODE_NOSUCCEED: no epoch follows this fence. */
    public static final int MODE_NOSUCCEED = 16;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final MpiRank rank;
    private final Communicator comm;
    private final String name;
    private final int base;
    private final int sizeBytes;
    private final int dispUnit;
    private final int attributes;
    private final int[] sizes;
    private final int[] dispUnits;
    private final int[] locks;
    private final boolean[] touched;
    private final List<Request> pending = new ArrayList<>();
    private final Thread serviceThread;
    private boolean fenceEpoch;
    private int errhandler;

    private Window(final MpiRank rank, final Communicator comm, final String name, final int base,
        final int sizeBytes, final int dispUnit, final int attributes, final int[] sizes, final int[] dispUnits)
    {
        this.rank = rank;
        this.comm = comm;
        this.name = name;
        this.base = base;
        this.sizeBytes = sizeBytes;
        this.dispUnit = dispUnit;
        this.attributes = attributes;
        this.sizes = sizes;
        this.dispUnits = dispUnits;
        this.locks = new int[comm.size()];
        this.touched = new boolean[comm.size()];
        this.errhandler = comm.errhandler();
        this.serviceThread = new Thread(new WindowService(rank, comm, base), "wabric-mpi-win-" + rank.worldRank());
        serviceThread.setDaemon(true);
        serviceThread.start();
    }

    /**
     * Creates a window collectively: every member learns every member's size and displacement unit.
     *
     * @param rank       the calling rank.
     * @param comm       a communicator private to the window (a duplicate of the user's).
     * @param base       the window's address in the rank's memory.
     * @param sizeBytes  its size.
     * @param dispUnit   the unit target displacements count in.
     * @param attributes the guest-side attribute block's address (mpi.h keeps MPI_WIN_BASE etc. there), or 0.
     * @param errhandler the initial error handler.
     * @return the window.
     */
    public static Window create(final MpiRank rank, final Communicator comm, final int base, final int sizeBytes,
        final int dispUnit, final int attributes, final int errhandler)
    {
        final int size = comm.size();
        final byte[] table = new byte[8 * size];
        INT.set(table, 8 * comm.rank(), sizeBytes);
        INT.set(table, 8 * comm.rank() + 4, dispUnit);
        final DataRef[] blocks = new DataRef[size];
        for (int r = 0; r < size; r++)
        {
            blocks[r] = DataRef.host(table, 8 * r, 8);
        }
        Collectives.allgather(rank, comm, blocks);
        final int[] sizes = new int[size];
        final int[] units = new int[size];
        for (int r = 0; r < size; r++)
        {
            sizes[r] = (int)INT.get(table, 8 * r);
            units[r] = (int)INT.get(table, 8 * r + 4);
        }
        final Window window = new Window(rank, comm, comm.name(), base, sizeBytes, dispUnit,
            attributes, sizes, units);
        window.errhandler = errhandler;
        return window;
    }

    /**
     * @return the window's communicator (a private duplicate).
     */
    public Communicator comm()
    {
        return comm;
    }

    /**
     * @return the guest-side attribute block's address.
     */
    public int attributes()
    {
        return attributes;
    }

    /**
     * @return the window's size in bytes on this rank.
     */
    public int sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * @return the error handler handle.
     */
    public int errhandler()
    {
        return errhandler;
    }

    /**
     * @param errhandler the new error handler handle.
     */
    public void errhandler(final int errhandler)
    {
        this.errhandler = errhandler;
    }

    /**
     * MPI_Put: writes origin data into the target's window.
     *
     * @param origin       the origin data.
     * @param target       the target's rank in the window's group.
     * @param targetDisp   the displacement, in the target's units.
     * @param targetCount  elements of the target datatype.
     * @param targetType   the target datatype (its type map is sent).
     */
    public void put(final DataRef origin, final int target, final int targetDisp, final int targetCount,
        final Datatype targetType)
    {
        final RmaHeader header = access("MPI_Put", RmaHeader.PUT, origin, target, targetDisp, targetCount,
            targetType);
        send(target, header);
        pending.add(PointToPoint.isend(rank, comm, comm.contextId(), target, RmaHeader.TAG_DATA, origin, false));
    }

    /**
     * MPI_Get: reads the target's window into the origin buffer, complete at the next synchronisation.
     */
    public void get(final DataRef origin, final int target, final int targetDisp, final int targetCount,
        final Datatype targetType)
    {
        final RmaHeader header = access("MPI_Get", RmaHeader.GET, origin, target, targetDisp, targetCount,
            targetType);
        pending.add(PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_GET, origin));
        send(target, header);
    }

    /**
     * MPI_Accumulate: combines origin data into the target's window with a predefined operation, atomically per
     * operation.
     *
     * @param originType the origin datatype, whose element type must match the target's.
     * @param op         the operation.
     */
    public void accumulate(final DataRef origin, final Datatype originType, final int target, final int targetDisp,
        final int targetCount, final Datatype targetType, final PredefinedOp op)
    {
        final Primitive primitive = originType.primitive();
        Reductions.check(op, primitive, "MPI_Accumulate", originType.name());
        if (primitive != targetType.primitive() && op != PredefinedOp.REPLACE && op != PredefinedOp.NO_OP)
        {
            throw new MpiException(MpiError.ERR_TYPE, "origin datatype " + originType + " and target datatype " +
                targetType + " have different element types: MPI_Accumulate needs the same predefined type in both");
        }
        final RmaHeader header = access("MPI_Accumulate", RmaHeader.ACCUMULATE, origin, target, targetDisp,
            targetCount, targetType);
        header.opHandle = op.handle();
        header.primitive = primitive == null ? -1 : primitive.ordinal();
        header.dataBytes = origin.byteLength();
        send(target, header);
        pending.add(PointToPoint.isend(rank, comm, comm.contextId(), target, RmaHeader.TAG_DATA, origin, false));
    }

    /**
     * MPI_Get_accumulate (and MPI_Fetch_and_op): fetches the target's contents into the result buffer and combines
     * the origin data into it, as one atomic step at the target.
     *
     * @param origin the origin data (empty for MPI_NO_OP).
     * @param result where the target's previous contents go.
     */
    public void getAccumulate(final DataRef origin, final Datatype originType, final DataRef result,
        final Datatype resultType, final int target, final int targetDisp, final int targetCount,
        final Datatype targetType, final PredefinedOp op)
    {
        final Primitive primitive = targetType.primitive();
        Reductions.check(op, primitive, "MPI_Get_accumulate", targetType.name());
        if (op != PredefinedOp.NO_OP && origin.byteLength() != result.byteLength())
        {
            throw new MpiException(MpiError.ERR_TYPE, "MPI_Get_accumulate: the origin holds " + origin.byteLength() +
                " bytes but the result and target " + result.byteLength() + ": the type signatures must match");
        }
        if (op != PredefinedOp.NO_OP && op != PredefinedOp.REPLACE && (originType.primitive() != primitive ||
            resultType.primitive() != primitive))
        {
            throw new MpiException(MpiError.ERR_TYPE, "origin " + originType + ", result " + resultType +
                " and target " + targetType + " datatypes need the same predefined element type");
        }
        final RmaHeader header = access("MPI_Get_accumulate", RmaHeader.GET_ACCUMULATE, result, target,
            targetDisp, targetCount, targetType);
        header.opHandle = op.handle();
        header.primitive = primitive == null ? -1 : primitive.ordinal();
        header.dataBytes = op == PredefinedOp.NO_OP ? 0 : origin.byteLength();
        pending.add(PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_FETCH, result));
        send(target, header);
        if (header.dataBytes > 0)
        {
            pending.add(PointToPoint.isend(rank, comm, comm.contextId(), target, RmaHeader.TAG_DATA, origin, false));
        }
    }

    /**
     * MPI_Compare_and_swap: one element; the target takes the origin value if it equals the compare value, and the
     * old value comes back either way.
     *
     * @param compareThenOrigin the compare value then the origin value, packed.
     * @param result            where the old value goes.
     * @param type              the element's predefined datatype.
     */
    public void compareAndSwap(final byte[] compareThenOrigin, final DataRef result, final int target,
        final int targetDisp, final Datatype type)
    {
        final RmaHeader header = access("MPI_Compare_and_swap", RmaHeader.COMPARE_AND_SWAP, result, target,
            targetDisp, 1, type);
        header.dataBytes = compareThenOrigin.length;
        pending.add(PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_FETCH, result));
        send(target, header);
        pending.add(PointToPoint.isend(rank, comm, comm.contextId(), target, RmaHeader.TAG_DATA,
            DataRef.host(compareThenOrigin), false));
    }

    /**
     * MPI_Win_flush_all: completes this rank's operations on every target it holds a lock on.
     */
    public void flushAll()
    {
        for (int r = 0; r < locks.length; r++)
        {
            if (locks[r] != 0 && touched[r])
            {
                flush(r);
            }
        }
        completePending();
    }

    /**
     * MPI_Win_fence: completes every operation this rank started and, through a barrier, every operation that
     * targets it.
     *
     * @param assertions the MPI_MODE_* flags; NOSUCCEED ends the fence epochs.
     */
    public void fence(final int assertions)
    {
        for (int r = 0; r < locks.length; r++)
        {
            if (locks[r] != 0)
            {
                throw new MpiException(MpiError.ERR_RMA_SYNC, "MPI_Win_fence while rank " + r + " of " + name +
                    " is locked by this rank: call MPI_Win_unlock first");
            }
        }
        for (int r = 0; r < touched.length; r++)
        {
            if (touched[r])
            {
                flush(r);
            }
        }
        completePending();
        Collectives.barrier(rank, comm);
        fenceEpoch = (assertions & MODE_NOSUCCEED) == 0;
    }

    /**
     * MPI_Win_lock: starts a passive-target epoch once the target grants the lock.
     *
     * @param lockType MPI_LOCK_EXCLUSIVE or MPI_LOCK_SHARED.
     * @param target   the target rank.
     */
    public void lock(final int lockType, final int target)
    {
        checkTarget(target, "rank");
        if (lockType != LOCK_EXCLUSIVE && lockType != LOCK_SHARED)
        {
            throw new MpiException(MpiError.ERR_LOCKTYPE, "lock_type=" + lockType + " is not MPI_LOCK_EXCLUSIVE (" +
                LOCK_EXCLUSIVE + ") or MPI_LOCK_SHARED (" + LOCK_SHARED + ")");
        }
        if (locks[target] != 0)
        {
            throw new MpiException(MpiError.ERR_RMA_SYNC, "rank " + target + " of " + name + " is already " +
                "locked by this rank: call MPI_Win_unlock first");
        }
        final Request granted = PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_LOCK,
            DataRef.host(new byte[0]));
        send(target, RmaHeader.control(RmaHeader.LOCK, lockType));
        rank.await(granted);
        locks[target] = lockType;
    }

    /**
     * MPI_Win_unlock: completes the epoch's operations at the target and releases its lock.
     *
     * @param target the target rank.
     */
    public void unlock(final int target)
    {
        checkTarget(target, "rank");
        if (locks[target] == 0)
        {
            throw new MpiException(MpiError.ERR_RMA_SYNC, "rank " + target + " of " + name + " is not locked " +
                "by this rank: MPI_Win_unlock needs a matching MPI_Win_lock");
        }
        final Request done = PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_UNLOCK,
            DataRef.host(new byte[0]));
        send(target, RmaHeader.control(RmaHeader.UNLOCK, 0));
        rank.await(done);
        completePending();
        touched[target] = false;
        locks[target] = 0;
    }

    /**
     * MPI_Win_flush: completes this rank's operations on one target within a lock epoch.
     *
     * @param target the target rank.
     */
    public void flushTarget(final int target)
    {
        checkTarget(target, "rank");
        if (locks[target] == 0)
        {
            throw new MpiException(MpiError.ERR_RMA_SYNC, "MPI_Win_flush: rank " + target + " of " + name +
                " is not locked by this rank");
        }
        flush(target);
        completePending();
    }

    /**
     * MPI_Win_free: waits for every rank to finish with the window and stops the service.
     */
    public void free()
    {
        for (int r = 0; r < locks.length; r++)
        {
            if (locks[r] != 0)
            {
                throw new MpiException(MpiError.ERR_RMA_SYNC, "MPI_Win_free while rank " + r + " of " + name +
                    " is locked by this rank: call MPI_Win_unlock first");
            }
        }
        completePending();
        Collectives.barrier(rank, comm);
        send(comm.rank(), RmaHeader.control(RmaHeader.STOP, 0));
        rank.await(() -> !serviceThread.isAlive());
    }

    private RmaHeader access(final String call, final int kind, final DataRef origin, final int target,
        final int targetDisp, final int targetCount, final Datatype targetType)
    {
        checkTarget(target, "target_rank");
        if (!fenceEpoch && locks[target] == 0)
        {
            throw new MpiException(MpiError.ERR_RMA_SYNC, call + " to rank " + target + " outside an access " +
                "epoch of " + name + ": call MPI_Win_fence or MPI_Win_lock first");
        }
        if (targetDisp < 0)
        {
            throw new MpiException(MpiError.ERR_DISP, "target_disp=" + targetDisp + " must be >= 0");
        }
        final long targetBytes = (long)targetCount * targetType.size();
        if (targetBytes != origin.byteLength())
        {
            throw new MpiException(MpiError.ERR_TYPE, call + " moves " + origin.byteLength() + " bytes from the " +
                "origin but the target datatype " + targetType + " x " + targetCount + " holds " + targetBytes +
                ": the origin and target type signatures must match");
        }
        final long offset = (long)targetDisp * dispUnits[target];
        if (targetCount > 0)
        {
            final long low = offset + targetType.trueLb();
            final long high = offset + (targetCount - 1) * targetType.extent() + targetType.trueLb() +
                targetType.trueExtent();
            if (low < 0 || high > sizes[target])
            {
                throw new MpiException(MpiError.ERR_RMA_RANGE, call + " to rank " + target + " touches bytes " + low +
                    ".." + high + " of its window, which holds " + sizes[target] + " bytes (target_disp=" +
                    targetDisp + ", disp_unit " + dispUnits[target] + ", target_count=" + targetCount + " of " +
                    targetType + ")");
            }
        }
        touched[target] = true;
        return RmaHeader.access(kind, (int)offset, targetCount, targetType);
    }

    private void checkTarget(final int target, final String what)
    {
        if (target < 0 || target >= comm.size())
        {
            throw new MpiException(MpiError.ERR_RANK, what + "=" + target + " is not a rank of " + name +
                " (size " + comm.size() + "): use 0.." + (comm.size() - 1));
        }
    }

    private void send(final int target, final RmaHeader header)
    {
        PointToPoint.isend(rank, comm, comm.contextId(), target, RmaHeader.TAG_HEADER, DataRef.host(header.encode()),
            false);
    }

    private void flush(final int target)
    {
        final Request done = PointToPoint.irecv(rank, comm.contextId(), target, RmaHeader.TAG_REPLY_FLUSH,
            DataRef.host(new byte[0]));
        send(target, RmaHeader.control(RmaHeader.FLUSH, 0));
        rank.await(done);
        touched[target] = false;
    }

    private void completePending()
    {
        for (final Request request : pending)
        {
            rank.await(request);
        }
        pending.clear();
    }
}
