package io.wabric.mpi.abi;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.rma.Window;
import io.wabric.mpi.world.MpiRank;

import java.lang.invoke.VarHandle;

/**
 * One-sided communication: windows, Put/Get/Accumulate, fence and lock synchronisation, window error handlers.
 *
 * <p>MPI_Win_create, MPI_Win_allocate, MPI_Win_free and MPI_Win_get_attr are inline functions in mpi.h: they
 * manage the guest-side attribute block (and, for MPI_Win_allocate, the memory, with the guest's malloc) and call
 * the {@code __wabric_mpi_win_*} functions here.
 */
final class WindowFunctions
{
    private static final int WIN_NULL = 0;
    /** MPI_WIN_BASE .. MPI_WIN_MODEL (OpenMPI's values). Part of the guest ABI. */
    private static final int FIRST_WIN_KEYVAL = 7;
    private static final int LAST_WIN_KEYVAL = 11;

    private WindowFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("__wabric_mpi_win_create", 7, 4, (abi, a) ->
        {
            final int base = (int)a[0];
            final int size = (int)a[1];
            final int dispUnit = (int)a[2];
            final Communicator comm = abi.comm((int)a[4]);
            if (size < 0)
            {
                throw new MpiException(MpiError.ERR_SIZE, "size=" + size + " must be >= 0");
            }
            if (dispUnit <= 0)
            {
                throw new MpiException(MpiError.ERR_DISP, "disp_unit=" + dispUnit + " must be > 0");
            }
            if (base == 0 && size > 0)
            {
                throw new MpiException(MpiError.ERR_BASE, "base=NULL with size=" + size + ": pass the window's " +
                    "memory");
            }
            final Communicator windowComm = CommBuilder.split(abi.rank, comm, 0, comm.rank(), null,
                "window(" + comm.name() + ")");
            final Window window = Window.create(abi.rank, windowComm, base, size, dispUnit, (int)a[5],
                MpiRank.ERRORS_ARE_FATAL);
            abi.writeInt((int)a[6], abi.rank.windows().add(window));
            return 0;
        });
        table.add("__wabric_mpi_win_free", 2, (abi, a) -> handlerAt(abi, abi.readInt((int)a[0])), (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            final Window window = window(abi, handle);
            window.free();
            abi.rank.windows().remove(handle);
            abi.writeInt((int)a[0], WIN_NULL);
            abi.writeInt((int)a[1], window.attributes());
            return 0;
        });
        table.add("__wabric_mpi_win_attributes", 3, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[0]);
            final int keyval = (int)a[1];
            if (keyval < FIRST_WIN_KEYVAL || keyval > LAST_WIN_KEYVAL)
            {
                throw new MpiException(MpiError.ERR_KEYVAL, "keyval=" + keyval + " is not a window attribute: " +
                    "use MPI_WIN_BASE, MPI_WIN_SIZE, MPI_WIN_DISP_UNIT, MPI_WIN_CREATE_FLAVOR or MPI_WIN_MODEL");
            }
            abi.writeInt((int)a[2], window.attributes());
            return 0;
        });
        table.add("MPI_Put", 8, (abi, a) -> handlerAt(abi, (int)a[7]), (abi, a) -> access(abi, a, false));
        table.add("MPI_Get", 8, (abi, a) -> handlerAt(abi, (int)a[7]), (abi, a) -> access(abi, a, true));
        table.add("MPI_Accumulate", 9, (abi, a) -> handlerAt(abi, (int)a[8]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[8]);
            final Datatype originType = originType(abi, a);
            final Datatype targetType = targetType(abi, a);
            final int opHandle = (int)a[7];
            final PredefinedOp op = PredefinedOp.of(opHandle);
            if (op == null)
            {
                abi.op(opHandle);
                throw new MpiException(MpiError.ERR_OP, "op=" + opHandle + " is a user operation: MPI_Accumulate " +
                    "takes predefined operations only (MPI-3.1 section 11.3.4)");
            }
            if (op == PredefinedOp.NO_OP)
            {
                throw new MpiException(MpiError.ERR_OP, "MPI_NO_OP is for MPI_Get_accumulate and MPI_Fetch_and_op, " +
                    "not MPI_Accumulate (MPI-3.1 section 11.3.4)");
            }
            if ((int)a[3] == MatchRules.PROC_NULL)
            {
                return 0;
            }
            final DataRef origin = origin(abi, a, originType);
            window.accumulate(origin, originType, (int)a[3], (int)a[4], (int)a[5], targetType, op);
            return 0;
        });
        table.add("MPI_Get_accumulate", 12, (abi, a) -> handlerAt(abi, (int)a[11]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[11]);
            final PredefinedOp op = rmaOp(abi, (int)a[10], "MPI_Get_accumulate");
            final int originCount = op == PredefinedOp.NO_OP ? 0 : (int)a[1];
            Abi.checkCount((int)a[1], "origin_count");
            final Datatype originType = abi.committedType((int)a[2]);
            Abi.checkCount((int)a[4], "result_count");
            final Datatype resultType = abi.committedType((int)a[5]);
            Abi.checkCount((int)a[8], "target_count");
            final Datatype targetType = abi.committedType((int)a[9]);
            if ((int)a[6] == MatchRules.PROC_NULL)
            {
                return 0;
            }
            Abi.checkBuffer((int)a[0], originType, originCount, "origin_addr");
            Abi.checkBuffer((int)a[3], resultType, (int)a[4], "result_addr");
            window.getAccumulate(abi.data((int)a[0], originType, originCount), originType,
                abi.data((int)a[3], resultType, (int)a[4]), resultType, (int)a[6], (int)a[7], (int)a[8], targetType,
                op);
            return 0;
        });
        table.add("MPI_Fetch_and_op", 7, (abi, a) -> handlerAt(abi, (int)a[6]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[6]);
            final PredefinedOp op = rmaOp(abi, (int)a[5], "MPI_Fetch_and_op");
            final Datatype type = abi.committedType((int)a[2]);
            if ((int)a[3] == MatchRules.PROC_NULL)
            {
                return 0;
            }
            final int originCount = op == PredefinedOp.NO_OP ? 0 : 1;
            Abi.checkBuffer((int)a[0], type, originCount, "origin_addr");
            Abi.checkBuffer((int)a[1], type, 1, "result_addr");
            window.getAccumulate(abi.data((int)a[0], type, originCount), type, abi.data((int)a[1], type, 1), type,
                (int)a[3], (int)a[4], 1, type, op);
            return 0;
        });
        table.add("MPI_Compare_and_swap", 7, (abi, a) -> handlerAt(abi, (int)a[6]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[6]);
            final Datatype type = abi.committedType((int)a[3]);
            final Primitive primitive = type.primitive();
            if (!type.predefined() || primitive == null || !(primitive.isInteger() || primitive == Primitive.BOOL ||
                primitive == Primitive.OPAQUE && type.size() == 1))
            {
                throw new MpiException(MpiError.ERR_TYPE, "MPI_Compare_and_swap takes a predefined integer, logical " +
                    "or byte datatype, not " + type);
            }
            if ((int)a[4] == MatchRules.PROC_NULL)
            {
                return 0;
            }
            Abi.checkBuffer((int)a[0], type, 1, "origin_addr");
            Abi.checkBuffer((int)a[1], type, 1, "compare_addr");
            Abi.checkBuffer((int)a[2], type, 1, "result_addr");
            final byte[] both = new byte[2 * type.size()];
            abi.data((int)a[1], type, 1).pack(both, 0);
            abi.data((int)a[0], type, 1).pack(both, type.size());
            window.compareAndSwap(both, abi.data((int)a[2], type, 1), (int)a[4], (int)a[5], type);
            return 0;
        });
        table.add("MPI_Win_flush_all", 1, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            window(abi, (int)a[0]).flushAll();
            return 0;
        });
        table.add("MPI_Win_sync", 1, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            // the unified model: one copy of window memory, which the window service writes from its own thread;
            // a full fence orders this rank's accesses against those writes, all MPI_Win_sync must do
            window(abi, (int)a[0]);
            VarHandle.fullFence();
            return 0;
        });
        table.add("MPI_Win_fence", 2, (abi, a) -> handlerAt(abi, (int)a[1]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[1]);
            checkAssert((int)a[0]);
            window.fence((int)a[0]);
            return 0;
        });
        table.add("MPI_Win_lock", 4, (abi, a) -> handlerAt(abi, (int)a[3]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[3]);
            checkAssert((int)a[2]);
            if ((int)a[1] != MatchRules.PROC_NULL)
            {
                window.lock((int)a[0], (int)a[1]);
            }
            return 0;
        });
        table.add("MPI_Win_unlock", 2, (abi, a) -> handlerAt(abi, (int)a[1]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[1]);
            if ((int)a[0] != MatchRules.PROC_NULL)
            {
                window.unlock((int)a[0]);
            }
            return 0;
        });
        table.add("MPI_Win_lock_all", 2, (abi, a) -> handlerAt(abi, (int)a[1]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[1]);
            checkAssert((int)a[0]);
            for (int r = 0; r < window.comm().size(); r++)
            {
                window.lock(Window.LOCK_SHARED, r);
            }
            return 0;
        });
        table.add("MPI_Win_unlock_all", 1, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[0]);
            for (int r = 0; r < window.comm().size(); r++)
            {
                window.unlock(r);
            }
            return 0;
        });
        table.add("MPI_Win_flush", 2, (abi, a) -> handlerAt(abi, (int)a[1]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[1]);
            if ((int)a[0] != MatchRules.PROC_NULL)
            {
                window.flushTarget((int)a[0]);
            }
            return 0;
        });
        table.add("MPI_Win_get_group", 2, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.addGroup(window(abi, (int)a[0]).comm().group()));
            return 0;
        });
        table.add("MPI_Win_set_errhandler", 2, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            final Window window = window(abi, (int)a[0]);
            final int handler = (int)a[1];
            if (handler != MpiRank.ERRORS_ARE_FATAL && handler != MpiRank.ERRORS_RETURN)
            {
                throw new MpiException(MpiError.ERR_ARG, "errhandler=" + handler +
                    " is not MPI_ERRORS_ARE_FATAL or MPI_ERRORS_RETURN");
            }
            window.errhandler(handler);
            return 0;
        });
        table.add("MPI_Win_get_errhandler", 2, (abi, a) -> handlerAt(abi, (int)a[0]), (abi, a) ->
        {
            abi.writeInt((int)a[1], window(abi, (int)a[0]).errhandler());
            return 0;
        });
    }

    /**
     * Put or Get: origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count,
     * target_datatype, win.
     */
    private static int access(final Abi abi, final long[] a, final boolean get)
    {
        final Window window = window(abi, (int)a[7]);
        final Datatype originType = originType(abi, a);
        final Datatype targetType = targetType(abi, a);
        if ((int)a[3] == MatchRules.PROC_NULL)
        {
            return 0;
        }
        final DataRef origin = origin(abi, a, originType);
        if (get)
        {
            window.get(origin, (int)a[3], (int)a[4], (int)a[5], targetType);
        }
        else
        {
            window.put(origin, (int)a[3], (int)a[4], (int)a[5], targetType);
        }
        return 0;
    }

    private static Datatype originType(final Abi abi, final long[] a)
    {
        Abi.checkCount((int)a[1], "origin_count");
        return abi.committedType((int)a[2]);
    }

    private static Datatype targetType(final Abi abi, final long[] a)
    {
        Abi.checkCount((int)a[5], "target_count");
        return abi.committedType((int)a[6]);
    }

    private static DataRef origin(final Abi abi, final long[] a, final Datatype originType)
    {
        Abi.checkBuffer((int)a[0], originType, (int)a[1], "origin_addr");
        return abi.data((int)a[0], originType, (int)a[1]);
    }

    private static PredefinedOp rmaOp(final Abi abi, final int opHandle, final String call)
    {
        final PredefinedOp op = PredefinedOp.of(opHandle);
        if (op == null)
        {
            abi.op(opHandle);
            throw new MpiException(MpiError.ERR_OP, "op=" + opHandle + " is a user operation: " + call +
                " takes predefined operations only (MPI-3.1 section 11.3.4)");
        }
        return op;
    }

    private static void checkAssert(final int assertions)
    {
        if ((assertions & ~31) != 0)
        {
            throw new MpiException(MpiError.ERR_ASSERT, "assert=" + assertions + " has bits outside the MPI_MODE_* " +
                "flags (NOCHECK 1, NOPRECEDE 2, NOPUT 4, NOSTORE 8, NOSUCCEED 16)");
        }
    }

    private static Window window(final Abi abi, final int handle)
    {
        final Window window = handle == WIN_NULL ? null : abi.rank.windows().get(handle);
        if (window == null)
        {
            throw new MpiException(MpiError.ERR_WIN, "win=" + handle + " is not a live window of this rank" +
                (handle == WIN_NULL ? " (MPI_WIN_NULL)" : "") + ": create one with MPI_Win_create or " +
                "MPI_Win_allocate");
        }
        return window;
    }

    private static int handlerAt(final Abi abi, final int handle)
    {
        final Window window = abi.rank.windows().get(handle);
        return window != null ? window.errhandler() : FunctionTable.commErrhandler(abi, MpiRank.COMM_WORLD);
    }
}
