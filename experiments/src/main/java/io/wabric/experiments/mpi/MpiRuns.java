package io.wabric.experiments.mpi;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.VariantPrograms;
import io.wabric.experiments.program.NativeBuild;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.program.WabricBuild;
import io.wabric.experiments.result.Results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds and runs MPI programs in every variant: {@code mpicc} run by OpenMPI's {@code mpirun}, and {@code wabric
 * cc} run by {@code wabric mpirun} with each transport. The variant list is data: a new transport is one more
 * {@link RunVariant} in {@link #VARIANTS}; optional ones are probed and reported as not available when the launcher
 * refuses them or the probe fails.
 */
public final class MpiRuns
{
    /** The report section of the MPI experiments. */
    public static final String GROUP = "mpi";
    /** Ranks of every MPI run. */
    public static final int RANKS = 2;
    /** The native reference variant. */
    public static final String NATIVE = "native";
    /** OpenMPI over TCP on loopback: what OpenMPI uses between hosts, the reference for {@link #UDP}. */
    public static final String NATIVE_TCP = "native-tcp";
    /** Wabric's stand-in for ranks on different hosts. */
    public static final String UDP = "wabric-udp";
    static final String MPICC_ENV_NAME = "MPICC";
    static final String OMP_NUM_THREADS_ENV_NAME = "OMP_NUM_THREADS";

    /**
     * Every MPI variant, in report order; the first is the native reference. The multi-process ones are probed
     * first (a launcher without {@code --processes} or {@code --transport} is reported as not available).
     */
    public static final List<RunVariant> VARIANTS = List.of(
        RunVariant.nativeCode(NATIVE, "OpenMPI: `mpicc -O2`, `mpirun -np 2` (shared-memory transport)"),
        RunVariant.optionalNative(NATIVE_TCP, "OpenMPI over TCP on loopback: `mpirun -np 2 --mca btl self,tcp " +
            "--mca btl_tcp_if_include lo`, the transport OpenMPI uses between hosts (the reference for " + UDP + ")",
            "--mca", "btl", "self,tcp", "--mca", "btl_tcp_if_include", "lo"),
        RunVariant.wabric("wabric", "`wabric mpirun -np 2`: both ranks are Faaslets in one JVM, messages copied " +
            "in memory"),
        RunVariant.optionalWabric("wabric-ipc", "`wabric mpirun -np 2 --processes 2`: one JVM per rank, " +
            "messages over Aeron IPC", "--processes", "2"),
        RunVariant.optionalWabric(UDP, "`wabric mpirun -np 2 --processes 2 --transport udp`: one JVM " +
            "per rank, messages over Aeron UDP on loopback", "--processes", "2", "--transport", "udp"));

    /**
     * @param variant a variant's name.
     * @return the native variant it is also compared with, besides {@link #NATIVE}: OpenMPI over TCP for UDP.
     */
    public static Optional<String> secondReference(final String variant)
    {
        return variant.equals(UDP) ? Optional.of(NATIVE_TCP) : Optional.empty();
    }

    private final BenchContext context;
    private final NativeBuild nativeBuild;
    private final WabricBuild wabricBuild;
    private final VariantPrograms variantPrograms;

    /**
     * @param context   the run.
     * @param openMp    true to compile with {@code -fopenmp} as well (hybrid programs).
     */
    public MpiRuns(final BenchContext context, final boolean openMp)
    {
        this.context = context;
        final List<String> flags = openMp ? List.of("-fopenmp", "-O2") : List.of("-O2");
        final String mpicc = System.getenv(MPICC_ENV_NAME);
        this.nativeBuild = new NativeBuild(NATIVE, mpicc == null || mpicc.isBlank() ? "mpicc" : mpicc, flags,
            context.buildDir().resolve(openMp ? "native-hybrid" : "native-mpi"), context.runner());
        this.wabricBuild = new WabricBuild(context.home(), flags,
            context.buildDir().resolve(openMp ? "wasm-hybrid" : "wasm-mpi"), context.runner());
        this.variantPrograms = new VariantPrograms(context, GROUP, nativeBuild, wabricBuild);
    }

    /**
     * @param sourceRelative the C file, relative to the checkout.
     * @param name           the program's name.
     * @return the native executable and the Wasm module, keyed by whether they are native.
     */
    public Map<Boolean, Path> build(final String sourceRelative, final String name)
    {
        return variantPrograms.build(sourceRelative, name);
    }

    /**
     * @param programs  from {@link #build(String, String)}.
     * @param probeArgs small arguments for a probe run of each optional variant.
     * @param results   where unavailable variants are recorded.
     * @return the variants to measure, in {@link #VARIANTS} order.
     */
    public List<RunVariant> available(final Map<Boolean, Path> programs, final List<String> probeArgs,
        final Results results)
    {
        return variantPrograms.available(VARIANTS, variant -> run(variant, programs, RANKS, Map.of(), probeArgs), results);
    }

    /**
     * Runs a program as {@code ranks} ranks.
     *
     * @param variant     how.
     * @param programs    from {@link #build(String, String)}.
     * @param ranks       number of ranks.
     * @param environment variables every rank sees (e.g. {@code OMP_NUM_THREADS}).
     * @param arguments   program arguments.
     * @return the finished process (not checked).
     */
    public ProcessResult run(final RunVariant variant, final Map<Boolean, Path> programs, final int ranks,
        final Map<String, String> environment, final List<String> arguments)
    {
        return run(variant, programs, ranks, 0, environment, arguments);
    }

    /**
     * Runs a hybrid MPI + OpenMP program as {@code ranks} ranks of {@code threadsPerRank} OpenMP threads each:
     * natively {@code OMP_NUM_THREADS} is exported to every rank ({@code mpirun -x}), and with more than one thread
     * per rank {@code --bind-to none} (OpenMPI binds each of up to 2 ranks to one core by default, which would put
     * a rank's whole team on one core); on Wabric the team size is given as
     * {@code wabric mpirun --threads N} (and forwarded with {@code -x} as well).
     *
     * @param variant        how.
     * @param programs       from {@link #build(String, String)}.
     * @param ranks          number of ranks.
     * @param threadsPerRank OpenMP team size per rank, or 0 to leave it to the launcher.
     * @param environment    variables every rank sees.
     * @param arguments      program arguments.
     * @return the finished process (not checked).
     */
    public ProcessResult run(final RunVariant variant, final Map<Boolean, Path> programs, final int ranks,
        final int threadsPerRank, final Map<String, String> environment, final List<String> arguments)
    {
        return context.runner().run(command(variant, programs, ranks, threadsPerRank, environment, arguments),
            processEnvironment(variant, threadsPerRank, environment));
    }

    /**
     * The command line of {@link #run(RunVariant, Map, int, int, Map, List)}.
     *
     * @param variant        how.
     * @param programs       the native executable and the Wasm module, keyed by whether they are native.
     * @param ranks          number of ranks.
     * @param threadsPerRank OpenMP team size per rank, or 0 to leave it to the launcher.
     * @param environment    variables every rank sees.
     * @param arguments      program arguments.
     * @return the command.
     */
    List<String> command(final RunVariant variant, final Map<Boolean, Path> programs, final int ranks,
        final int threadsPerRank, final Map<String, String> environment, final List<String> arguments)
    {
        final Map<String, String> rankEnvironment = rankEnvironment(threadsPerRank, environment);
        final List<String> command = new ArrayList<>();
        if (variant.isNative())
        {
            command.add("mpirun");
            if ("root".equals(System.getProperty("user.name")))
            {
                command.add("--allow-run-as-root");
            }
            command.add("--oversubscribe");
            command.addAll(variant.options());
            if (threadsPerRank > 1)
            {
                command.add("--bind-to");
                command.add("none");
            }
            command.add("-np");
            command.add(Integer.toString(ranks));
            rankEnvironment.keySet().forEach(name ->
            {
                command.add("-x");
                command.add(name);
            });
            command.add(programs.get(true).toString());
        }
        else
        {
            command.add(wabricBuild.launcher().toString());
            command.add("mpirun");
            command.add("-np");
            command.add(Integer.toString(ranks));
            command.addAll(variant.options());
            if (threadsPerRank > 0)
            {
                command.add("--threads");
                command.add(Integer.toString(threadsPerRank));
            }
            rankEnvironment.forEach((name, value) ->
            {
                command.add("-x");
                command.add(name + "=" + value);
            });
            command.add(programs.get(false).toString());
        }
        command.addAll(arguments);
        return command;
    }

    private Map<String, String> processEnvironment(final RunVariant variant, final int threadsPerRank,
        final Map<String, String> environment)
    {
        final Map<String, String> processEnvironment = rankEnvironment(threadsPerRank, environment);
        if (!variant.isNative())
        {
            processEnvironment.putAll(wabricBuild.environment());
        }
        return processEnvironment;
    }

    private static Map<String, String> rankEnvironment(final int threadsPerRank, final Map<String, String> environment)
    {
        final Map<String, String> rankEnvironment = new LinkedHashMap<>(environment);
        if (threadsPerRank > 0)
        {
            rankEnvironment.put(OMP_NUM_THREADS_ENV_NAME, Integer.toString(threadsPerRank));
        }
        return rankEnvironment;
    }
}
