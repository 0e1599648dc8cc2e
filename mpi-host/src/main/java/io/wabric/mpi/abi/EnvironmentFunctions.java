package io.wabric.mpi.abi;

import io.wabric.mpi.collective.Collectives;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.MpiRank;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Init, Finalize, Abort, versions, processor name, clocks and error strings.
 */
final class EnvironmentFunctions
{
    static final String LIBRARY_VERSION = "Wabric MPI 0.1 (MPI-3.1, ranks as Faaslets in one JVM)";
    static final String PROCESSOR_NAME = processorName();
    /** Granted at most: rank state is confined to one thread at a time. */
    static final int THREAD_SERIALIZED = 2;

    private EnvironmentFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Init", 2, NO_COMM, (abi, a) ->
        {
            abi.rank.initialize(0);
            return 0;
        });
        table.add("MPI_Init_thread", 4, NO_COMM, (abi, a) ->
        {
            final int provided = Math.min((int)a[2], THREAD_SERIALIZED);
            abi.rank.initialize(provided);
            abi.writeInt((int)a[3], provided);
            return 0;
        });
        table.add("MPI_Finalize", 0, NO_COMM, (abi, a) ->
        {
            // MPI-3.1 8.7.1: MPI_COMM_SELF's attributes are deleted first, so libraries can hook finalization
            final int result = AttributeFunctions.deleteAll(abi, MpiRank.COMM_SELF, abi.comm(MpiRank.COMM_SELF));
            if (result != 0)
            {
                return result;
            }
            abi.rank.enterFinalize();
            try
            {
                Collectives.barrier(abi.rank, abi.comm(MpiRank.COMM_WORLD));
            }
            catch (final JobAbortedException ex)
            {
                // the job failed while this rank finalized (often: another rank left the same barrier and exited
                // non-zero before this one saw the barrier complete): there is nothing left to wait for, and the
                // rank should end as its program does, flushing its output, not as aborted
            }
            abi.rank.finalizeMpi();
            return 0;
        });
        table.add("MPI_Initialized", 1, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], abi.rank.initialized() ? 1 : 0);
            return 0;
        });
        table.add("MPI_Finalized", 1, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], abi.rank.finalized() ? 1 : 0);
            return 0;
        });
        table.add("MPI_Abort", 2, NO_COMM, (abi, a) ->
        {
            final int code = (int)a[1];
            final String comm = abi.rank.comms().get((int)a[0]) == null ? "comm " + a[0] :
                abi.rank.comms().get((int)a[0]).name();
            final String message = "MPI_Abort was invoked on rank " + abi.rank.worldRank() + " in communicator " +
                comm + " with errorcode " + code;
            abi.rank.world().fail(code, abi.rank.worldRank(), message);
            throw new JobAbortedException(message);
        });
        table.add("MPI_Query_thread", 1, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], abi.rank.threadLevel());
            return 0;
        });
        table.add("MPI_Is_thread_main", 1, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], Thread.currentThread() == abi.rank.thread() ? 1 : 0);
            return 0;
        });
        table.add("MPI_Get_version", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[0], 3);
            abi.writeInt((int)a[1], 1);
            return 0;
        });
        table.add("MPI_Get_library_version", 2, NO_COMM, (abi, a) ->
        {
            abi.writeString((int)a[0], (int)a[1], LIBRARY_VERSION, 256);
            return 0;
        });
        table.add("MPI_Get_processor_name", 2, NO_COMM, (abi, a) ->
        {
            abi.writeString((int)a[0], (int)a[1], PROCESSOR_NAME, 256);
            return 0;
        });
        table.addDouble("MPI_Wtime", () -> System.nanoTime() / 1e9);
        table.addDouble("MPI_Wtick", () -> 1e-9);
        table.add("MPI_Error_class", 2, NO_COMM, (abi, a) ->
        {
            final MpiError error = MpiError.of((int)a[0]);
            if (error == null)
            {
                throw new io.wabric.mpi.error.MpiException(MpiError.ERR_ARG, "errorcode=" + a[0] +
                    " is not an MPI error code (0.." + MpiError.LAST_CODE + ")");
            }
            abi.writeInt((int)a[1], error.code());
            return 0;
        });
        table.add("MPI_Error_string", 3, NO_COMM, (abi, a) ->
        {
            final MpiError error = MpiError.of((int)a[0]);
            final String text = error == null ? "unknown error code " + a[0] :
                error.symbol() + ": " + error.description();
            abi.writeString((int)a[1], (int)a[2], text, 256);
            return 0;
        });
    }

    private static String processorName()
    {
        final String host = System.getenv("HOSTNAME");
        if (host != null && !host.isEmpty())
        {
            return host;
        }
        try
        {
            return java.net.InetAddress.getLocalHost().getHostName();
        }
        catch (final java.io.IOException ex)
        {
            return "localhost";
        }
    }
}
