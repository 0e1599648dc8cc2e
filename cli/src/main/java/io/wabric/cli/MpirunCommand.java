package io.wabric.cli;

import com.dylibso.chicory.wasi.WasiExitException;
import io.aeron.driver.MediaDriver;
import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.DirMapping;
import io.wabric.mpi.job.ChildProcess;
import io.wabric.mpi.job.JobResult;
import io.wabric.mpi.job.MpiJob;
import io.wabric.mpi.world.MpiWorld;
import io.wabric.transport.IdleStrategies;
import io.wabric.transport.TransportConfig;
import io.wabric.transport.TransportNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Callable;

/**
 * {@code wabric mpirun}: runs an MPI program built with {@code wabric cc} as N ranks, following OpenMPI's mpirun:
 * all in this JVM by default; over {@code --processes P} local JVMs connected by Aeron IPC; or over the hosts of
 * {@code --host}/{@code --hostfile}, connected by Aeron UDP (processes for other machines start over ssh).
 */
@Command(
    name = "mpirun",
    mixinStandardHelpOptions = true,
    description = {
        "Run an MPI program (built with `wabric cc`) as -np ranks, each a sandboxed Faaslet: all in this JVM, or",
        "spread over --processes P local JVMs (Aeron IPC), or over --host/--hostfile hosts (Aeron UDP; other",
        "machines are reached with ssh). Every rank's stdout/stderr is forwarded line by line; stdin goes to",
        "rank 0. The exit status is 0 when every rank exits 0, else the first failure's: a rank's non-zero exit",
        "status, MPI_Abort's code, the MPI error class of a fatal MPI error, 134 for a trap, 124 for --timeout,",
        "a dead process's status (137 when killed, 255 when ssh failed), 70 when a process stopped answering",
        "or did not join within --join-timeout."
    })
public final class MpirunCommand implements Callable<Integer>
{
    private static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final int STREAM_ID_BASE = 1000;
    private static final String SHM = "/dev/shm";
    private static final String DIRECTORY_PREFIX = "wabric-mpi-";
    /**
     * The most ranks a job may have: each process keeps a mailbox slot for every pair of ranks (np^2 references,
     * 64 MiB at this size), and each local rank is a thread.
     */
    static final int MAX_RANKS = 4096;

    @Option(names = {"-np", "-n", "--np"}, required = true, paramLabel = "N", description = "Number of ranks.")
    private int np;

    @Option(names = "--processes", paramLabel = "P", defaultValue = "1",
        description = "Spread the ranks block-wise over P processes on this machine (default 1: all in this JVM).")
    private int processes;

    @Option(names = {"--host", "-H"}, paramLabel = "H1:SLOTS,...",
        description = "Hosts with their slots (OpenMPI syntax); ranks fill them in order, one process per host.")
    private String hostSpec;

    @Option(names = "--hostfile", paramLabel = "FILE", description = "A hostfile: lines `HOST slots=N`.")
    private Path hostfile;

    @Option(names = "--transport", paramLabel = "ipc|udp",
        description = "How --processes connect: ipc (default) or udp over loopback (hosts always use udp).")
    private String transport;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = TransportConfig.DEFAULT_IDLE,
        description = "Transport idle strategy: backoff (default), yield, sleep or spin (needs a core each).")
    private String idle;

    @Option(names = "--liveness-timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "A process silent this long counts as dead and fails the job (default 10).")
    private double livenessSeconds;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "30",
        description = "A process that has not joined the job this long after the start (ssh, JVM start, module " +
            "load) fails it (default 30).")
    private double joinSeconds;

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

    @Option(names = "--threads", paramLabel = "N",
        description = "OpenMP threads per rank for hybrid programs (default: OMP_NUM_THREADS, else the cores).")
    private Integer threads;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm MPI program.")
    private Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to every rank.")
    private final List<String> guestArgs = new ArrayList<>();

    @Override
    public Integer call()
    {
        if (np < 1 || np > MAX_RANKS)
        {
            throw new WabricException("-np " + np + ": the number of ranks must be 1.." + MAX_RANKS);
        }
        final int threadCount = OpenMpLaunch.threadCount(threads);
        try
        {
            IdleStrategies.create(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new WabricException("--idle " + idle + ": " + ex.getMessage());
        }
        if (transport != null && !transport.equals("ipc") && !transport.equals("udp"))
        {
            throw new WabricException("--transport " + transport + ": expected ipc or udp");
        }
        final long timeoutMs = DurationOption.millis("--timeout", timeoutSeconds, 0);
        final long livenessMs = DurationOption.millis("--liveness-timeout", livenessSeconds, 0.1);
        final long joinMs = DurationOption.millis("--join-timeout", joinSeconds, 0.1);
        final Placement placement = placement();
        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        EntryPoints.requireCommand(guestModule, module, "an MPI program");
        final MpiJob job = configure(new MpiJob(guestModule, np), guestModule, module, guestArgs, env, dirs,
            maxMemory, threadCount)
            .stdio(HostStreams.stdin(), HostStreams.stdout(),
                HostStreams.stderr())
            .tagOutput(tagOutput)
            .timeoutMs(timeoutMs);
        final JobResult result;
        try
        {
            result = placement == null ? job.run() : launch(job, placement, livenessMs, joinMs);
        }
        catch (final WasiExitException ex)
        {
            // stdout's reader left while the job flushed its last partial line: end as the ranks would have
            return ex.exitCode();
        }
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

    /**
     * Where a job's processes run and how they connect.
     */
    private static final class Placement
    {
        /** The first rank of each process, then np. */
        final int[] firstRanks;
        /** The host of each process. */
        final List<String> hosts;
        final TransportConfig.Media media;

        Placement(final int[] firstRanks, final List<String> hosts, final TransportConfig.Media media)
        {
            this.firstRanks = firstRanks;
            this.hosts = hosts;
            this.media = media;
        }
    }

    /**
     * Checks --processes, --host and --hostfile, and resolves the hosts, before anything starts.
     *
     * @return where the processes run, or null when every rank runs in this JVM.
     */
    private Placement placement()
    {
        final boolean hosts = hostSpec != null || hostfile != null;
        if (processes < 1 || processes > MpiWorld.MAX_PROCESSES)
        {
            throw new WabricException("--processes " + processes + ": expected 1.." + MpiWorld.MAX_PROCESSES);
        }
        if (hosts && processes != 1)
        {
            throw new WabricException("--processes and --host/--hostfile exclude each other: hosts get one " +
                "process each");
        }
        if (hostSpec != null && hostfile != null)
        {
            throw new WabricException("give either --host or --hostfile, not both");
        }
        if (hosts)
        {
            final HostList list = hostSpec != null ? HostList.parseHosts(hostSpec) : HostList.parseHostfile(hostfile);
            final int[] firstRanks = list.firstRanks(np);
            if (firstRanks.length - 1 > MpiWorld.MAX_PROCESSES)
            {
                throw new WabricException("-np " + np + " over " + (firstRanks.length - 1) + " hosts: a job spans " +
                    "at most " + MpiWorld.MAX_PROCESSES + " hosts; give hosts more slots");
            }
            if (transport != null && !transport.equals("udp"))
            {
                throw new WabricException("--transport " + transport + ": hosts connect over udp only");
            }
            final List<String> usedHosts = list.usedHosts(firstRanks);
            list.requireResolvable(usedHosts);
            return new Placement(firstRanks, usedHosts, TransportConfig.Media.UDP);
        }
        if (processes == 1)
        {
            return null;
        }
        if (processes > np)
        {
            throw new WabricException("--processes " + processes + " exceeds -np " + np +
                ": every process needs at least one rank");
        }
        final int[] firstRanks = new int[processes + 1];
        final List<String> hostNames = new ArrayList<>();
        for (int p = 0; p <= processes; p++)
        {
            firstRanks[p] = (int)((long)p * np / processes);
            hostNames.add("127.0.0.1");
        }
        return new Placement(firstRanks, hostNames, transport == null || transport.equals("ipc") ?
            TransportConfig.Media.IPC : TransportConfig.Media.UDP);
    }

    private JobResult launch(final MpiJob job, final Placement placement, final long livenessMs, final long joinMs)
    {
        final int[] firstRanks = placement.firstRanks;
        final List<String> hostNames = placement.hosts;
        final TransportConfig.Media media = placement.media;
        final int count = firstRanks.length - 1;
        removeStaleDriverDirectories();
        final String base = SHM + "/" + DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
        final int basePort = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        final List<String> endpoints = new ArrayList<>();
        for (int p = 0; p < count; p++)
        {
            endpoints.add(hostNames.get(p) + ":" + (basePort + p));
        }
        final MediaDriver driver = media == TransportConfig.Media.IPC ? TransportNode.launchDriver(base, idle) : null;
        final List<ChildProcess> children = new ArrayList<>();
        try
        {
            for (int p = 1; p < count; p++)
            {
                final String sshHost = HostList.isLocal(hostNames.get(p)) ? null : hostNames.get(p);
                children.add(new ChildProcess(p, start(workerCommand(p, firstRanks, media, base, endpoints,
                    livenessMs, joinMs), sshHost, Math.min(livenessMs, joinMs)), sshHost));
            }
            final TransportConfig config = transportConfig(0, count, media, base, endpoints, livenessMs)
                .connectTimeoutMs(joinMs);
            return job.distributed(config, firstRanks).children(children).run();
        }
        finally
        {
            for (final ChildProcess child : children)
            {
                child.process().destroyForcibly();
            }
            if (driver != null)
            {
                driver.close();
                org.agrona.IoUtil.delete(TransportNode.ringDirectory(base), true);
            }
        }
    }

    /**
     * Deletes media driver directories of earlier jobs whose launcher died before it could (kill -9).
     */
    private static void removeStaleDriverDirectories()
    {
        final java.io.File[] entries = new java.io.File(SHM).listFiles((dir, name) -> name.startsWith(DIRECTORY_PREFIX));
        if (entries == null)
        {
            return;
        }
        for (final java.io.File entry : entries)
        {
            final String rest = entry.getName().substring(DIRECTORY_PREFIX.length());
            final int dash = rest.indexOf('-');
            try
            {
                final long pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : rest);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    continue;
                }
                org.agrona.IoUtil.delete(entry, true);
            }
            catch (final NumberFormatException ignored)
            {
                // not one of ours
            }
        }
    }

    private TransportConfig transportConfig(final int process, final int count, final TransportConfig.Media media,
        final String base, final List<String> endpoints, final long livenessMs)
    {
        return new TransportConfig(process, count)
            .media(media)
            .aeronDirectory(media == TransportConfig.Media.IPC ? base : base + "-" + process)
            .launchDriver(media == TransportConfig.Media.UDP)
            .endpoints(endpoints)
            .streamIdBase(STREAM_ID_BASE)
            .idleStrategy(idle)
            .liveness(Math.max(1, livenessMs / 20), livenessMs);
    }

    private List<String> workerCommand(final int process, final int[] firstRanks, final TransportConfig.Media media,
        final String base, final List<String> endpoints, final long livenessMs, final long joinMs)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        boolean exports = false;
        for (final String argument : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("-agentlib") || argument.startsWith("-javaagent"))
            {
                continue;
            }
            exports |= argument.contains("jdk.internal.misc");
            command.add(argument);
        }
        if (!exports)
        {
            command.add(ADD_EXPORTS);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WabricCommand.class.getName());
        command.add("mpi-worker");
        command.add("-np");
        command.add(String.valueOf(np));
        command.add("--process");
        command.add(String.valueOf(process));
        final StringBuilder firsts = new StringBuilder();
        for (int i = 0; i < firstRanks.length; i++)
        {
            firsts.append(i == 0 ? "" : ",").append(firstRanks[i]);
        }
        command.add("--first-ranks=" + firsts);
        command.add("--media=" + media);
        command.add("--aeron-dir=" + (media == TransportConfig.Media.IPC ? base : base + "-" + process));
        if (media == TransportConfig.Media.UDP)
        {
            command.add("--launch-driver");
            command.add("--endpoints=" + String.join(",", endpoints));
        }
        command.add("--stream-base=" + STREAM_ID_BASE);
        command.add("--idle=" + idle);
        command.add("--liveness-ms=" + livenessMs);
        command.add("--join-ms=" + joinMs);
        if (tagOutput)
        {
            command.add("--tag-output");
        }
        dirs.forEach(dir -> command.add("--dir=" + dir));
        env.forEach(variable -> command.add("--env=" + variable));
        if (maxMemory != null)
        {
            command.add("--max-memory=" + maxMemory);
        }
        command.add("--threads=" + OpenMpLaunch.threadCount(threads));
        command.add("--");
        command.add(module.toAbsolutePath().toString());
        command.addAll(guestArgs);
        return command;
    }

    /**
     * @param command         the worker's command line.
     * @param sshHost         the host to run it on over ssh, or null to run it here.
     * @param connectLimitMs  how long ssh may take to connect: without a limit, a host that never answers left the
     *                        job waiting for the system's TCP timeout (minutes); BatchMode keeps ssh from asking for
     *                        a password no one can type.
     */
    private static Process start(final List<String> command, final String sshHost, final long connectLimitMs)
    {
        final List<String> full = new ArrayList<>();
        final String host = sshHost == null ? "this machine" : sshHost;
        if (sshHost != null)
        {
            full.add("ssh");
            full.add("-o");
            full.add("BatchMode=yes");
            full.add("-o");
            full.add("ConnectTimeout=" + Math.max(1, (connectLimitMs + 999) / 1000));
            full.add(sshHost);
            final StringBuilder remote = new StringBuilder();
            for (final String word : command)
            {
                remote.append(remote.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''"))
                    .append('\'');
            }
            full.add(remote.toString());
        }
        else
        {
            full.addAll(command);
        }
        try
        {
            return new ProcessBuilder(full).start();
        }
        catch (final IOException ex)
        {
            throw new WabricException("could not start the process for host " + host + " (" + full.get(0) +
                "): " + ex.getMessage());
        }
    }

    /**
     * Applies the options every process of a job shares.
     */
    static MpiJob configure(final MpiJob job, final GuestModule guestModule, final Path module,
        final List<String> guestArgs, final List<String> env, final List<String> dirs, final String maxMemory,
        final int threads)
    {
        final List<String> argv = new ArrayList<>();
        argv.add(module.getFileName().toString());
        argv.addAll(guestArgs);
        job.arguments(argv).maxMemoryPages(SizeParser.pages(maxMemory, "--max-memory"));
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
        final HostModules hostModules = HostModules.discover();
        job.rankOptions((rank, options) -> bindOpenMp(hostModules, guestModule, options, threads));
        job.threadsPerRank(OpenMpLaunch.teamSize(hostModules, guestModule, threads));
        return job;
    }

    private static void bindOpenMp(final HostModules hostModules, final GuestModule guestModule,
        final FaasletOptions options, final int threads)
    {
        OpenMpLaunch.configure(hostModules, guestModule, options, "shared", threads);
    }
}
