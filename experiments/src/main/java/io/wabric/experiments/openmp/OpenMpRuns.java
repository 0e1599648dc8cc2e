package io.wabric.experiments.openmp;

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

/**
 * Builds and runs OpenMP programs in every variant: {@code gcc -fopenmp -O2} with libgomp, and {@code wabric cc
 * -fopenmp -O2} run by {@code wabric run --threads N} in each OpenMP mode. The variant list is data: a new mode is
 * one more {@link RunVariant} in {@link #VARIANTS}; optional ones are probed and skipped (reported as not
 * available) when the launcher refuses them.
 */
public final class OpenMpRuns
{
    /** The report section of every OpenMP experiment. */
    public static final String GROUP = "openmp";
    /** Team sizes measured. */
    public static final List<Integer> THREADS = List.of(1, 2);
    /** The native reference variant. */
    public static final String NATIVE = "native";

    /** Every OpenMP variant, in report order; the first is the native reference. */
    public static final List<RunVariant> VARIANTS = List.of(
        RunVariant.nativeCode(NATIVE, "`gcc -fopenmp -O2`, libgomp, `OMP_NUM_THREADS=N`"),
        RunVariant.wabric("wabric-shared", "`wabric run --threads N --omp=shared`: the team's threads share one " +
            "linear memory", "--omp=shared"),
        RunVariant.optionalWabric("wabric-fork", "`wabric run --threads N --omp=fork`: each thread works on a " +
            "copy-on-write snapshot, diffs merged at synchronisation points", "--omp=fork"));

    private final BenchContext context;
    private final NativeBuild nativeBuild;
    private final WabricBuild wabricBuild;
    private final VariantPrograms variantPrograms;

    /**
     * @param context the run.
     */
    public OpenMpRuns(final BenchContext context)
    {
        this.context = context;
        this.nativeBuild = new NativeBuild(NATIVE, NativeBuild.defaultCompiler(), List.of("-fopenmp", "-O2"),
            context.buildDir().resolve("native-openmp"), context.runner());
        this.wabricBuild = new WabricBuild(context.home(), List.of("-fopenmp", "-O2"),
            context.buildDir().resolve("wasm-openmp"), context.runner());
        this.variantPrograms = new VariantPrograms(context, GROUP, nativeBuild, wabricBuild);
    }

    /**
     * Builds a program both ways.
     *
     * @param sourceRelative the C file, relative to the checkout.
     * @param name           the program's name.
     * @return the native executable and the Wasm module, keyed by whether they are native.
     */
    public Map<Boolean, Path> build(final String sourceRelative, final String name)
    {
        return variantPrograms.build(sourceRelative, name);
    }

    /**
     * The variants that run in this build: every required one, and each optional one whose probe (the program at
     * 2 threads with {@code probeArgs}) exits 0; the others are recorded as not available.
     *
     * @param programs  from {@link #build(String, String)}.
     * @param probeArgs small arguments for the probe run.
     * @param results   where unavailable variants are recorded.
     * @return the variants to measure, in {@link #VARIANTS} order.
     */
    public List<RunVariant> available(final Map<Boolean, Path> programs, final List<String> probeArgs,
        final Results results)
    {
        return variantPrograms.available(VARIANTS, variant -> run(variant, programs, 2, probeArgs), results);
    }

    /**
     * Runs a program in a variant with a team size.
     *
     * @param variant   how.
     * @param programs  from {@link #build(String, String)}.
     * @param threads   team size.
     * @param arguments program arguments.
     * @return the finished process (not checked).
     */
    public ProcessResult run(final RunVariant variant, final Map<Boolean, Path> programs, final int threads,
        final List<String> arguments)
    {
        final List<String> command = new ArrayList<>();
        final Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OMP_NUM_THREADS", Integer.toString(threads));
        if (variant.isNative())
        {
            command.add(programs.get(true).toString());
        }
        else
        {
            command.add(wabricBuild.launcher().toString());
            command.add("run");
            command.add("--threads");
            command.add(Integer.toString(threads));
            command.addAll(variant.options());
            command.add(programs.get(false).toString());
            environment.putAll(wabricBuild.environment());
        }
        command.addAll(arguments);
        return context.runner().run(command, environment);
    }

    /**
     * @return the compile commands, for the report.
     */
    public String describeBuilds()
    {
        return nativeBuild.description() + " / " + wabricBuild.description();
    }
}
