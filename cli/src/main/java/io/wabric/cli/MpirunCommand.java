package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.wasi.DirMapping;
import io.wabric.mpi.job.JobResult;
import io.wabric.mpi.job.MpiJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wabric mpirun}: runs an MPI program built with {@code wabric cc} as N ranks, following OpenMPI's mpirun.
 */
@Command(
    name = "mpirun",
    mixinStandardHelpOptions = true,
    description = {
        "Run an MPI program (built with `wabric cc`) as -np ranks, each a sandboxed Faaslet, all in this JVM.",
        "Every rank's stdout/stderr is forwarded line by line; stdin goes to rank 0. The exit status is 0 when",
        "every rank exits 0, else the first failure's: a rank's non-zero exit status, MPI_Abort's code, the",
        "MPI error class of a fatal MPI error, 134 for a trap, 124 for --timeout."
    })
public final class MpirunCommand implements Callable<Integer>
{
    @Option(names = {"-np", "-n", "--np"}, required = true, paramLabel = "N", description = "Number of ranks.")
    private int np;

    @Option(names = "--tag-output",
        description = "Prefix every output line with [1,RANK]<stdout>: or [1,RANK]<stderr>: (as OpenMPI).")
    private boolean tagOutput;

    @Option(names = "--timeout", paramLabel = "SECONDS",
        description = "End the whole job after this long (exit 124), e.g. to end a deadlock.")
    private double timeoutSeconds;

    @Option(names = "--dir", paramLabel = "HOST::GUEST", description = "Map a host directory into every rank.")
    private final List<String> dirs = new ArrayList<>();

    @Option(names = {"--env", "-x"}, paramLabel = "K=V", description = "Set an environment variable for every rank.")
    private final List<String> env = new ArrayList<>();

    @Option(names = "--max-memory", paramLabel = "SIZE", description = "Cap each rank's linear memory, e.g. 256M.")
    private String maxMemory;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm MPI program.")
    private Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to every rank.")
    private final List<String> guestArgs = new ArrayList<>();

    @Override
    public Integer call()
    {
        if (np < 1)
        {
            throw new WabricException("-np " + np + ": the number of ranks must be >= 1");
        }
        final List<String> argv = new ArrayList<>();
        argv.add(module.getFileName().toString());
        argv.addAll(guestArgs);
        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        final MpiJob job = new MpiJob(guestModule, np)
            .arguments(argv)
            .stdio(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err))
            .tagOutput(tagOutput)
            .timeoutMs(Math.round(timeoutSeconds * 1000))
            .maxMemoryPages(SizeParser.pages(maxMemory, "--max-memory"));
        for (final String variable : env)
        {
            final int equals = variable.indexOf('=');
            if (equals <= 0)
            {
                throw new WabricException("--env " + variable + ": expected NAME=VALUE");
            }
            job.environment(variable.substring(0, equals), variable.substring(equals + 1));
        }
        for (final String dir : dirs)
        {
            job.directory(DirMapping.parse(dir));
        }
        final JobResult result = job.run();
        final PrintStream err = System.err;
        if (result.failure() != null)
        {
            err.println("wabric mpirun: " + result.failure().message());
        }
        if (result.strandedThreads() > 0)
        {
            err.println("wabric mpirun: " + result.strandedThreads() + " rank thread(s) did not stop within the " +
                "grace period");
        }
        err.flush();
        return result.exitCode();
    }
}
