package io.wabric.mpi.job;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.faaslet.ExitCodes;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.DirMapping;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.mpi.MpiHostModule;
import io.wabric.mpi.p2p.RemoteRoute;
import io.wabric.transport.TransportConfig;
import io.wabric.transport.TransportException;
import io.wabric.mpi.world.JobFailure;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs an MPI program as {@code np} ranks, one Faaslet per rank on its own thread, as {@code wabric mpirun} does:
 * all in this JVM, or (see {@link #distributed}) this process's block of them, the rest in other processes
 * reached through the transport.
 *
 * <pre>{@code
 * JobResult result = new MpiJob(module, 4).arguments(List.of("prog.wasm")).timeoutMs(60_000).run();
 * }</pre>
 *
 * <p>stdout and stderr of every rank are forwarded line by line (tagged {@code [1,rank]<stdout>:} as OpenMPI's
 * {@code --tag-output} does when asked); stdin goes to rank 0. The job fails at its first failure (MPI_Abort, a
 * trap, a non-zero exit, a fatal MPI error, the time-out): every other rank is stopped and the job's status is that
 * failure's. No rank thread outlives {@link #run()} unless it ignores interrupts for the grace period.
 */
public final class MpiJob
{
    /** How long stopped ranks get to finish once the job has failed. */
    static final long STOP_GRACE_MS = 3_000;
    /** The job's status when a rank exits 0 without MPI_Finalize, as OpenMPI's mpirun reports it. */
    static final int IMPROPER_EXIT_STATUS = 1;
    private static final long POLL_MS = 20;
    /** A UDP process's media driver thread (shared mode) and transport receiver, which UDP traffic must cross. */
    private static final int UDP_DRIVER_THREADS = 2;
    /** How long the launcher waits for its children to exit after a job that ended well. */
    private static final long CHILD_EXIT_WAIT_MS = 10_000;

    private final GuestModule module;
    private final int np;
    private List<String> arguments = List.of();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<DirMapping> directories = new ArrayList<>();
    private InputStream stdin = InputStream.nullInputStream();
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private boolean tagOutput;
    private long timeoutMs;
    private int maxMemoryPages = com.dylibso.chicory.runtime.Memory.RUNTIME_MAX_PAGES;
    private TransportConfig transport;
    private int[] firstRanks;
    private List<ChildProcess> children = List.of();
    private BiConsumer<Integer, FaasletOptions> rankOptions = (rank, options) -> { };
    private int threadsPerRank = 1;

    /**
     * @param module the compiled program.
     * @param np     the number of ranks.
     */
    public MpiJob(final GuestModule module, final int np)
    {
        if (np < 1)
        {
            throw new IllegalArgumentException("-np " + np + ": the number of ranks must be >= 1");
        }
        this.module = module;
        this.np = np;
    }

    /**
     * @param arguments argv, program name first.
     * @return this.
     */
    public MpiJob arguments(final List<String> arguments)
    {
        this.arguments = List.copyOf(arguments);
        return this;
    }

    /**
     * @param name  variable.
     * @param value value.
     * @return this.
     */
    public MpiJob environment(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    /**
     * @param mapping a host directory every rank sees.
     * @return this.
     */
    public MpiJob directory(final DirMapping mapping)
    {
        directories.add(mapping);
        return this;
    }

    /**
     * @param stdin  rank 0's standard input.
     * @param stdout where all ranks' standard output goes.
     * @param stderr where all ranks' standard error goes.
     * @return this.
     */
    public MpiJob stdio(final InputStream stdin, final OutputStream stdout, final OutputStream stderr)
    {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        return this;
    }

    /**
     * @param tagOutput prefix each line with {@code [1,rank]<stdout>:} or {@code [1,rank]<stderr>:}.
     * @return this.
     */
    public MpiJob tagOutput(final boolean tagOutput)
    {
        this.tagOutput = tagOutput;
        return this;
    }

    /**
     * @param timeoutMs wall-clock limit for the whole job, 0 for none.
     * @return this.
     */
    public MpiJob timeoutMs(final long timeoutMs)
    {
        this.timeoutMs = timeoutMs;
        return this;
    }

    /**
     * @param maxMemoryPages cap on each rank's linear memory in 64 KiB pages.
     * @return this.
     */
    public MpiJob maxMemoryPages(final int maxMemoryPages)
    {
        this.maxMemoryPages = maxMemoryPages;
        return this;
    }

    /**
     * Makes this JVM one process of a job spread over several: it runs only its block of ranks and reaches the
     * others through the transport.
     *
     * @param transport  this process's transport settings (its index among them).
     * @param firstRanks the first world rank of each process, then np: process p runs ranks firstRanks[p] ..
     *                   firstRanks[p + 1] - 1.
     * @return this.
     */
    public MpiJob distributed(final TransportConfig transport, final int[] firstRanks)
    {
        if (firstRanks.length != transport.processCount() + 1 || firstRanks[0] != 0 ||
            firstRanks[firstRanks.length - 1] != np)
        {
            throw new IllegalArgumentException("rank placement " + java.util.Arrays.toString(firstRanks) +
                " must run from 0 to np " + np + " over " + transport.processCount() + " processes");
        }
        for (int p = 0; p < transport.processCount(); p++)
        {
            if (firstRanks[p + 1] <= firstRanks[p])
            {
                throw new IllegalArgumentException("process " + p + " would run no rank: " +
                    java.util.Arrays.toString(firstRanks) + " (use at most -np processes)");
            }
        }
        this.transport = transport;
        this.firstRanks = firstRanks.clone();
        return this;
    }

    /**
     * @param children processes this launcher started: their output is forwarded into this job's stdout/stderr,
     *                 their exits watched, and none outlives {@link #run()}.
     * @return this.
     */
    public MpiJob children(final List<ChildProcess> children)
    {
        this.children = List.copyOf(children);
        return this;
    }

    /**
     * @param threadsPerRank the threads each rank runs (its OpenMP team, for hybrid programs; default 1), which
     *                       decides whether waiting ranks spin (a core per thread) or give their cores up.
     * @return this.
     */
    public MpiJob threadsPerRank(final int threadsPerRank)
    {
        if (threadsPerRank < 1)
        {
            throw new IllegalArgumentException("threads per rank " + threadsPerRank + " must be >= 1");
        }
        this.threadsPerRank = threadsPerRank;
        return this;
    }

    /**
     * @param rankOptions called with each local rank's world rank and Faaslet options before it is created, e.g. to
     *                    bind more host modules.
     * @return this.
     */
    public MpiJob rankOptions(final BiConsumer<Integer, FaasletOptions> rankOptions)
    {
        this.rankOptions = rankOptions;
        return this;
    }

    /**
     * @return the job's threads that compete for this machine's cores: the ranks' (times their OpenMP threads) of
     *         every process here, and over UDP each such process's media driver and receiver threads, which carry
     *         every message (processes on loopback, standing in for hosts, all count).
     */
    private int threadsOnThisMachine()
    {
        int threads = 0;
        for (int p = 0; p < transport.processCount(); p++)
        {
            if (transport.onThisMachine(p))
            {
                threads += (firstRanks[p + 1] - firstRanks[p]) * threadsPerRank +
                    (transport.media() == TransportConfig.Media.UDP ? UDP_DRIVER_THREADS : 0);
            }
        }
        return threads;
    }

    /**
     * Runs the job to its end.
     *
     * @return how it ended.
     */
    public JobResult run()
    {
        final int processIndex = transport == null ? 0 : transport.processIndex();
        final int first = transport == null ? 0 : firstRanks[processIndex];
        final int local = transport == null ? np : firstRanks[processIndex + 1] - first;
        final MpiWorld world = new MpiWorld(np, first, local, processIndex);
        world.jobThreads(transport == null ? local * threadsPerRank : threadsOnThisMachine());
        final HostModule faasm = HostModules.discover().feature("faasm");
        final MpiHostModule mpi = new MpiHostModule();
        final Object stdoutLock = new Object();
        final Object stderrLock = new Object();
        final Faaslet[] faaslets = new Faaslet[local];
        final RankOutputStream[] outputs = new RankOutputStream[2 * local];
        final Outcome[] outcomes = new Outcome[local];
        final Thread[] threads = new Thread[local];
        final CountDownLatch finished = new CountDownLatch(local);
        final ChildSupervisor supervisor = new ChildSupervisor(children);
        RemoteRoute route = null;
        try
        {
            if (transport != null)
            {
                route = new RemoteRoute(world, transport, firstRanks).start();
                supervisor.start(world, route, stdout, stdoutLock, stderr, stderrLock);
            }
            for (int i = 0; i < local; i++)
            {
                final int r = first + i;
                final MpiRank rank = world.rank(r);
                outputs[2 * i] = new RankOutputStream(stdout, stdoutLock, tag(r, "stdout"));
                outputs[2 * i + 1] = new RankOutputStream(stderr, stderrLock, tag(r, "stderr"));
                rank.stderr(outputs[2 * i + 1]);
                final WasiConfig wasi = new WasiConfig().arguments(arguments);
                environment.forEach(wasi::environment);
                directories.forEach(wasi::directory);
                wasi.stdio(r == 0 ? stdin : InputStream.nullInputStream(), outputs[2 * i], outputs[2 * i + 1]);
                final FaasletContext context = new FaasletContext(new byte[0], OutputStream.nullOutputStream())
                    .attach(MpiRank.class, rank);
                final FaasletOptions options = new FaasletOptions().wasi(wasi).context(context)
                    .maxMemoryPages(maxMemoryPages);
                if (faasm != null)
                {
                    options.hostModule(faasm);
                }
                options.hostModule(mpi);
                rankOptions.accept(r, options);
                faaslets[i] = Faaslet.create(module, options);
                final int index = i;
                threads[i] = new Thread(null, () ->
                {
                    try
                    {
                        outcomes[index] = faaslets[index].runHere("_start");
                        onRankEnd(world, r, outcomes[index]);
                    }
                    finally
                    {
                        finished.countDown();
                    }
                }, "wabric-rank-" + r, FaasletOptions.STACK_SIZE_DEFAULT_BYTES);
                threads[i].setDaemon(true);
                rank.thread(threads[i]);
            }
            for (final Thread thread : threads)
            {
                thread.start();
            }
            awaitEnd(world, finished, route);
        }
        catch (final TransportException ex)
        {
            world.fail(ExitCodes.INTERNAL_ERROR, -1, "process " + processIndex + " could not join the job: " +
                ex.getMessage());
        }
        finally
        {
            closeAll(outputs, faaslets);
        }
        int stranded = 0;
        final long joinDeadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        for (final Thread thread : threads)
        {
            if (thread != null)
            {
                joinUntil(thread, joinDeadlineNs);
                stranded += thread.isAlive() ? 1 : 0;
            }
        }
        if (route != null)
        {
            supervisor.end(world.failure() == null ? CHILD_EXIT_WAIT_MS : STOP_GRACE_MS);
            route.close();
        }
        final JobFailure failure = world.failure();
        return new JobResult(failure == null ? 0 : failure.exitCode(), failure, stranded);
    }

    private void awaitEnd(final MpiWorld world, final CountDownLatch finished, final RemoteRoute route)
    {
        final long deadlineNs = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) :
            Long.MAX_VALUE;
        try
        {
            long failedAtNs = 0;
            boolean doneSent = false;
            while (true)
            {
                final boolean localFinished = finished.await(POLL_MS, TimeUnit.MILLISECONDS);
                if (localFinished && route != null && !doneSent && world.failure() == null)
                {
                    route.sendDone();
                    doneSent = true;
                }
                if (localFinished && (route == null || world.failure() != null || route.allPeersDone()))
                {
                    return;
                }
                final long nowNs = System.nanoTime();
                if (world.failure() == null && nowNs - deadlineNs > 0)
                {
                    world.fail(ExitCodes.TIMED_OUT, -1, "job timed out after " + timeoutMs / 1000.0 +
                        " s (--timeout); ranks still running were stopped");
                }
                if (world.failure() != null)
                {
                    if (failedAtNs == 0)
                    {
                        failedAtNs = nowNs;
                    }
                    else if (nowNs - failedAtNs > TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS))
                    {
                        return;
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            world.fail(ExitCodes.INTERNAL_ERROR, -1, "mpirun was interrupted");
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUntil(final Thread thread, final long deadlineNs)
    {
        try
        {
            final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (leftMs > 0)
            {
                thread.join(leftMs);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void onRankEnd(final MpiWorld world, final int rank, final Outcome outcome)
    {
        if (world.failure() != null)
        {
            return;
        }
        switch (outcome.kind())
        {
            case EXITED:
                if (outcome.exitCode() != 0)
                {
                    world.fail(outcome.exitCode(), rank, "rank " + rank + " exited with status " +
                        outcome.exitCode() + "; the other ranks were stopped");
                }
                else if (world.rank(rank).initialized() && !world.rank(rank).finalized())
                {
                    // the others may be waiting for it in a collective or a receive: end the job as OpenMPI does
                    // instead of leaving them to wait forever
                    world.fail(IMPROPER_EXIT_STATUS, rank, "rank " + rank + " exited with status 0 after MPI_Init " +
                        "without calling MPI_Finalize; the other ranks were stopped (every rank that calls " +
                        "MPI_Init must call MPI_Finalize before it exits)");
                }
                break;
            case TRAPPED:
                world.fail(outcome.exitCode(), rank, "rank " + rank + " trapped: " + outcome.reason() +
                    (outcome.backtrace().isEmpty() ? "" : "\n" + outcome.backtrace().stripTrailing()));
                break;
            default:
                world.fail(outcome.exitCode(), rank, "rank " + rank + ": " + outcome.reason());
                break;
        }
    }

    private byte[] tag(final int rank, final String stream)
    {
        return tagOutput ? ("[1," + rank + "]<" + stream + ">:").getBytes(StandardCharsets.UTF_8) : new byte[0];
    }

    private static void closeAll(final RankOutputStream[] outputs, final Faaslet[] faaslets)
    {
        for (final RankOutputStream output : outputs)
        {
            if (output != null)
            {
                try
                {
                    output.close();
                }
                catch (final IOException ignored)
                {
                    // the job's stream is gone; nothing left to forward to
                }
            }
        }
        for (final Faaslet faaslet : faaslets)
        {
            if (faaslet != null)
            {
                faaslet.close();
            }
        }
    }
}
