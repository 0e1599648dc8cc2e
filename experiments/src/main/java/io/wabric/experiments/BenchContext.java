package io.wabric.experiments;

import io.wabric.experiments.program.NativeBuild;
import io.wabric.experiments.program.ProcessRunner;
import io.wabric.experiments.program.WabricBuild;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What experiments share during one run: the plan's settings, where things are, the two builds and progress output.
 */
public final class BenchContext
{
    private final Path home;
    private final Path outDir;
    private final Path buildDir;
    private final ExperimentPlan plan;
    private final Progress progress;
    private final ProcessRunner runner;
    private final NativeBuild nativeBuild;
    private final WabricBuild wabricBuild;
    private final Map<String, Optional<String>> probes = new HashMap<>();

    /**
     * @param home     Wabric's checkout (holds {@code bin/wabric} and the experiment sources).
     * @param outDir   the output directory; programs are built under {@code build/} in it.
     * @param plan     what to run.
     * @param progress progress output.
     * @param timeoutMs the longest one process may run.
     */
    public BenchContext(
        final Path home, final Path outDir, final ExperimentPlan plan, final Progress progress, final long timeoutMs)
    {
        this.home = home;
        this.outDir = outDir;
        this.buildDir = outDir.resolve("build");
        this.plan = plan;
        this.progress = progress;
        this.runner = new ProcessRunner(buildDir.resolve("tmp"), timeoutMs);
        this.nativeBuild = new NativeBuild(buildDir.resolve("native"), runner);
        this.wabricBuild = new WabricBuild(home, buildDir.resolve("wasm"), runner);
    }

    /**
     * @return Wabric's checkout.
     */
    public Path home()
    {
        return home;
    }

    /**
     * @param relative a path relative to the checkout, e.g. {@code experiments/programs/kernels/matmul.c}.
     * @return the file.
     * @throws IllegalStateException when it does not exist.
     */
    public Path source(final String relative)
    {
        final Path source = home.resolve(relative);
        if (!Files.isRegularFile(source))
        {
            throw new IllegalStateException("experiment source " + source + " is missing: is wabric.home (" + home +
                ") a Wabric checkout?");
        }
        return source;
    }

    /**
     * @return the output directory.
     */
    public Path outDir()
    {
        return outDir;
    }

    /**
     * @return a scratch directory under the output directory for builds and caches.
     */
    public Path buildDir()
    {
        return buildDir;
    }

    /**
     * @return the run's settings.
     */
    public ExperimentPlan plan()
    {
        return plan;
    }

    /**
     * @return progress output.
     */
    public Progress progress()
    {
        return progress;
    }

    /**
     * @return the process runner.
     */
    public ProcessRunner runner()
    {
        return runner;
    }

    /**
     * @return the gcc build.
     */
    public NativeBuild nativeBuild()
    {
        return nativeBuild;
    }

    /**
     * @return the {@code wabric cc} build.
     */
    public WabricBuild wabricBuild()
    {
        return wabricBuild;
    }

    /**
     * Asks once per run whether something optional works (e.g. {@code wabric run --omp=fork}), so experiments that
     * share a variant probe it once and agree on the answer.
     *
     * @param key   what is probed, e.g. {@code openmp/wabric-fork}.
     * @param probe returns empty when it works, else the reason it does not.
     * @return empty when it works, else the reason.
     */
    public Optional<String> probe(final String key, final Supplier<Optional<String>> probe)
    {
        final Optional<String> known = probes.get(key);
        if (known != null)
        {
            return known;
        }
        final Optional<String> answer = probe.get();
        probes.put(key, answer);
        progress.step("probe " + key + ": " + answer.map(reason -> "not available (" + reason + ")")
            .orElse("available"));
        return answer;
    }
}
