package io.wabric.cli;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.ExitCodes;
import io.wabric.mpi.job.JobResult;
import io.wabric.mpi.job.MpiJob;
import io.wabric.transport.TransportConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wabric mpi-worker} (hidden): one process of a {@code wabric mpirun --processes/--host} job, started by the
 * launcher (directly, or over ssh on another host). It runs its block of ranks, reaches the others through the
 * transport, writes its ranks' output to its stdout/stderr for the launcher to forward, and exits with the job's
 * status. Its stdin is the launcher's lifeline: when it closes (the launcher died) the worker ends at once.
 */
@Command(name = "mpi-worker", hidden = true, description = "One process of a multi-process wabric mpirun job.")
public final class MpiWorkerCommand implements Callable<Integer>
{
    @Option(names = "-np", required = true)
    private int np;

    @Option(names = "--process", required = true)
    private int process;

    @Option(names = "--first-ranks", required = true, split = ",")
    private int[] firstRanks;

    @Option(names = "--media", required = true)
    private TransportConfig.Media media;

    @Option(names = "--aeron-dir", required = true)
    private String aeronDirectory;

    @Option(names = "--launch-driver")
    private boolean launchDriver;

    @Option(names = "--endpoints", split = ",")
    private final List<String> endpoints = new ArrayList<>();

    @Option(names = "--stream-base", required = true)
    private int streamBase;

    @Option(names = "--idle", defaultValue = TransportConfig.DEFAULT_IDLE)
    private String idle;

    @Option(names = "--liveness-ms", defaultValue = "10000")
    private long livenessMs;

    @Option(names = "--join-ms", defaultValue = "30000")
    private long joinMs;

    @Option(names = "--tag-output")
    private boolean tagOutput;

    @Option(names = "--dir")
    private final List<String> dirs = new ArrayList<>();

    @Option(names = "--env")
    private final List<String> env = new ArrayList<>();

    @Option(names = "--max-memory")
    private String maxMemory;

    @Option(names = "--threads", defaultValue = "0")
    private int threads;

    @Parameters(index = "0")
    private Path module;

    @Parameters(index = "1..*")
    private final List<String> guestArgs = new ArrayList<>();

    @Override
    public Integer call()
    {
        watchLifeline();
        final TransportConfig transport = new TransportConfig(process, firstRanks.length - 1)
            .media(media)
            .aeronDirectory(aeronDirectory)
            .launchDriver(launchDriver)
            .endpoints(endpoints)
            .streamIdBase(streamBase)
            .idleStrategy(idle)
            .liveness(Math.max(1, livenessMs / 20), livenessMs)
            .connectTimeoutMs(joinMs);
        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        final MpiJob job = MpirunCommand.configure(new MpiJob(guestModule, np), guestModule, module, guestArgs, env,
            dirs, maxMemory, threads)
            .stdio(InputStream.nullInputStream(), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err))
            .tagOutput(tagOutput)
            .distributed(transport, firstRanks);
        final JobResult result = job.run();
        System.out.flush();
        return result.exitCode();
    }

    private static void watchLifeline()
    {
        final Thread lifeline = new Thread(() ->
        {
            try
            {
                final byte[] sink = new byte[64];
                while (System.in.read(sink) >= 0)
                {
                    Arrays.fill(sink, (byte)0);
                }
            }
            catch (final IOException ignored)
            {
                // same as end of input
            }
            Runtime.getRuntime().halt(ExitCodes.INTERNAL_ERROR);
        }, "wabric-lifeline");
        lifeline.setDaemon(true);
        lifeline.start();
    }
}
