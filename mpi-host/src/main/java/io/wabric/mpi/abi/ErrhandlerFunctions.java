package io.wabric.mpi.abi;

import io.wabric.core.engine.Guest;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.world.MpiRank;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Error handlers of communicators: the predefined MPI_ERRORS_ARE_FATAL and MPI_ERRORS_RETURN, and user handlers
 * from MPI_Comm_create_errhandler, whose guest function ({@code void fn(MPI_Comm *comm, int *errcode, ...)}) is
 * called through the guest's function table, as a user reduction function is, when a call on a communicator that
 * has it fails or MPI_Comm_call_errhandler names it; the failing call then returns the error code.
 *
 * <p>A freed handler stays attached to the communicators that have it (MPI-3.1 8.3.4), so its handle is never
 * reused: a program creates a handful, and each costs one table slot.
 */
final class ErrhandlerFunctions
{
    private ErrhandlerFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Comm_create_errhandler", 2, NO_COMM, (abi, a) ->
        {
            final int function = (int)a[0];
            if (function == 0)
            {
                throw new MpiException(MpiError.ERR_ARG, "comm_errhandler_fn=NULL: pass a function" +
                    " void fn(MPI_Comm *comm, int *errcode, ...)");
            }
            abi.writeInt((int)a[1], abi.rank.errhandlers().add(function));
            return 0;
        });
        table.add("MPI_Errhandler_free", 1, NO_COMM, (abi, a) ->
        {
            checkHandler(abi, abi.readInt((int)a[0]));
            abi.writeInt((int)a[0], Abi.ERRHANDLER_NULL);
            return 0;
        });
        table.add("MPI_Comm_set_errhandler", 2, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            comm.errhandler(checkHandler(abi, (int)a[1]));
            return 0;
        });
        table.add("MPI_Comm_get_errhandler", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.comm((int)a[0]).errhandler());
            return 0;
        });
        table.add("MPI_Comm_call_errhandler", 2, 0, (abi, a) ->
        {
            final int commHandle = (int)a[0];
            final int handler = abi.comm(commHandle).errhandler();
            final int errorCode = (int)a[1];
            if (handler == MpiRank.ERRORS_ARE_FATAL)
            {
                final MpiError error = MpiError.of(errorCode);
                throw new MpiException(error == null ? MpiError.ERR_UNKNOWN : error, "errorcode=" + errorCode +
                    " raised by the program");
            }
            if (handler != MpiRank.ERRORS_RETURN)
            {
                invoke(abi, handler, commHandle, errorCode);
            }
            // as OpenMPI: MPI_SUCCESS once the handler has run
            return 0;
        });
    }

    /**
     * @return the handle, when it names a predefined handler or one MPI_Comm_create_errhandler made.
     */
    private static int checkHandler(final Abi abi, final int handle)
    {
        if (handle != MpiRank.ERRORS_ARE_FATAL && handle != MpiRank.ERRORS_RETURN &&
            abi.rank.errhandlers().get(handle) == null)
        {
            throw new MpiException(MpiError.ERR_ARG, "errhandler=" + handle + " is not an error handler" +
                (handle == Abi.ERRHANDLER_NULL ? " (MPI_ERRHANDLER_NULL)" : "") + ": pass MPI_ERRORS_ARE_FATAL," +
                " MPI_ERRORS_RETURN or one from MPI_Comm_create_errhandler");
        }
        return handle;
    }

    /**
     * Calls a user error handler's guest function with pointers to the communicator handle and the error code,
     * staged below the guest's stack pointer (global 0) for the duration of the call.
     *
     * @param abi        the rank's ABI view.
     * @param handler    a user error handler's handle.
     * @param commHandle the communicator the error happened on.
     * @param errorCode  the error code.
     */
    static void invoke(final Abi abi, final int handler, final int commHandle, final int errorCode)
    {
        final Guest guest = abi.rank.guest();
        try (GuestScratch arguments = GuestScratch.stage(guest, commHandle, errorCode))
        {
            guest.callFunctionPointer(abi.rank.errhandlers().get(handler), arguments.firstAddress(),
                arguments.secondAddress(), 0);
        }
    }
}
