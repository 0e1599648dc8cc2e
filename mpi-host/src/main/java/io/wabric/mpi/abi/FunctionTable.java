package io.wabric.mpi.abi;

import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.engine.WasmType;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.world.MpiRank;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every MPI function the host implements, as {@code env} imports, for one rank (or, with no rank, just their
 * names for the link check). Each body returns an MPI error code; an {@link MpiException} becomes that code under
 * MPI_ERRORS_RETURN (and under a user handler, after its guest function ran), or ends the job under
 * MPI_ERRORS_ARE_FATAL with a message naming the call, rank and values.
 */
public final class FunctionTable
{
    /** A function body: the arguments as raw Wasm values, the result an MPI error code. */
    @FunctionalInterface
    interface Body
    {
        int call(Abi abi, long[] args);
    }

    /** Which error handler applies to a call, from its arguments. */
    @FunctionalInterface
    interface HandlerOf
    {
        int errhandler(Abi abi, long[] args);
    }

    /** Index meaning "no communicator argument": errors go to MPI_COMM_WORLD's handler. */
    static final int NO_COMM = -1;

    /**
     * The results of a call that returns MPI_SUCCESS, shared by every such call: the engine only reads a host
     * function's result array (compiled guest code takes element 0 and drops the array), so nobody writes it, and
     * the call that every MPI function makes when it succeeds allocates nothing.
     */
    private static final long[] SUCCESS_RESULT = {0};

    private final Abi abi;
    private final List<HostFunctionDef> functions = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private FunctionTable(final MpiRank rank)
    {
        this.abi = rank == null ? null : new Abi(rank);
        EnvironmentFunctions.register(this);
        PointToPointFunctions.register(this);
        CompletionFunctions.register(this);
        CollectiveFunctions.register(this);
        DatatypeFunctions.register(this);
        CommFunctions.register(this);
        AttributeFunctions.register(this);
        GroupFunctions.register(this);
        ErrhandlerFunctions.register(this);
        TopologyFunctions.register(this);
        WindowFunctions.register(this);
    }

    /**
     * @param rank the rank the functions serve.
     * @return the host functions.
     */
    public static List<HostFunctionDef> bind(final MpiRank rank)
    {
        return Collections.unmodifiableList(new FunctionTable(rank).functions);
    }

    /**
     * @return the names of all MPI functions implemented.
     */
    public static List<String> names()
    {
        return Collections.unmodifiableList(new FunctionTable(null).names);
    }

    /**
     * Registers a function taking only i32 arguments and returning an MPI error code.
     *
     * @param name       the C name.
     * @param paramCount number of parameters.
     * @param commArg    index of the communicator argument whose error handler applies, or {@link #NO_COMM}.
     * @param body       the implementation.
     */
    void add(final String name, final int paramCount, final int commArg, final Body body)
    {
        add(name, paramCount, commArg, (abi, args) -> commErrhandler(abi, commArg < 0 ? MpiRank.COMM_WORLD :
            (int)args[commArg]), body);
    }

    /**
     * Registers a function whose errors go to the error handler another object (a window) names.
     *
     * @param name       the C name.
     * @param paramCount number of i32 parameters.
     * @param handlerOf  the error handler that applies, from the arguments.
     * @param body       the implementation.
     */
    void add(final String name, final int paramCount, final HandlerOf handlerOf, final Body body)
    {
        add(name, paramCount, NO_COMM, handlerOf, body);
    }

    private void add(final String name, final int paramCount, final int commArg, final HandlerOf handlerOf,
        final Body body)
    {
        names.add(name);
        if (abi == null)
        {
            return;
        }
        final List<WasmType> params = Collections.nCopies(paramCount, WasmType.I32);
        functions.add(HostFunctionDef.env(name, params, List.of(WasmType.I32), (guest, args) ->
        {
            abi.enter(guest);
            abi.rank.progress();
            try
            {
                final int result = body.call(abi, args);
                return result == 0 ? SUCCESS_RESULT : new long[] {result};
            }
            catch (final MpiException ex)
            {
                final int handler = handlerOf.errhandler(abi, args);
                if (handler >= MpiRank.FIRST_USER_ERRHANDLER)
                {
                    ErrhandlerFunctions.invoke(abi, handler, liveComm(abi, commArg, args), ex.error().code());
                    return new long[] {ex.error().code()};
                }
                return new long[] {onError(name, handler, ex)};
            }
        }));
    }

    /**
     * Registers a function returning a double, such as MPI_Wtime.
     */
    void addDouble(final String name, final java.util.function.DoubleSupplier body)
    {
        names.add(name);
        if (abi != null)
        {
            functions.add(HostFunctionDef.env(name, List.of(), List.of(WasmType.F64),
                (guest, args) -> new long[] {Double.doubleToRawLongBits(body.getAsDouble())}));
        }
    }

    MpiRank rank()
    {
        return abi.rank;
    }

    /**
     * @return the error handler of a communicator, or MPI_COMM_WORLD's when the handle is not live.
     */
    static int commErrhandler(final Abi abi, final int commHandle)
    {
        final Communicator comm = abi.rank.comms().get(commHandle);
        return comm != null ? comm.errhandler() : abi.rank.comms().get(MpiRank.COMM_WORLD).errhandler();
    }

    /**
     * @return the communicator argument's handle, or MPI_COMM_WORLD's when there is none or it is not live (whose
     *         handler then applies).
     */
    private static int liveComm(final Abi abi, final int commArg, final long[] args)
    {
        return commArg >= 0 && abi.rank.comms().get((int)args[commArg]) != null ? (int)args[commArg] :
            MpiRank.COMM_WORLD;
    }

    private int onError(final String call, final int handler, final MpiException ex)
    {
        final MpiRank rank = abi.rank;
        if (handler == MpiRank.ERRORS_RETURN)
        {
            return ex.error().code();
        }
        final MpiError error = ex.error();
        final String message = call + " on rank " + rank.worldRank() + ": " + ex.getMessage() + " (" +
            error.symbol() + ": " + error.description() + "); MPI_ERRORS_ARE_FATAL ends the job";
        try
        {
            rank.stderr().write(("wabric mpi: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            rank.stderr().flush();
        }
        catch (final IOException ignored)
        {
            // the job is ending anyway; the launcher reports the failure
        }
        rank.world().fail(error.code(), rank.worldRank(), message);
        throw new JobAbortedException(message);
    }
}
