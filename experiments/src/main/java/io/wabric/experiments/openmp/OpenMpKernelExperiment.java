package io.wabric.experiments.openmp;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.ExperimentPlan;
import io.wabric.experiments.kernel.KernelOutput;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OpenMP kernel from {@code experiments/programs/openmp/omp_NAME.c} (kernel.h protocol), run at 1 and 2 threads
 * in every available OpenMP variant, interleaved round by round. Every checksum, at every team size and in every
 * variant, must equal the first native one.
 */
public final class OpenMpKernelExperiment implements Experiment
{
    static final String SOURCE_DIR = "experiments/programs/openmp/omp_";

    private final String kernel;
    private final String description;
    private final long fullSize;
    private final long quickSize;

    /**
     * @param kernel      the kernel, e.g. {@code matmul}; the experiment is named {@code omp-KERNEL}.
     * @param description what it computes.
     * @param fullSize    size argument of a full run.
     * @param quickSize   size argument with {@code --quick}.
     */
    public OpenMpKernelExperiment(final String kernel, final String description, final long fullSize,
        final long quickSize)
    {
        this.kernel = kernel;
        this.description = description;
        this.fullSize = fullSize;
        this.quickSize = quickSize;
    }

    @Override
    public String name()
    {
        return "omp-" + kernel;
    }

    @Override
    public String group()
    {
        return OpenMpRuns.GROUP;
    }

    @Override
    public String description()
    {
        return description;
    }

    /**
     * @return the kernel's short name.
     */
    public String kernel()
    {
        return kernel;
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final ExperimentPlan plan = context.plan();
        final long size = plan.quick() ? quickSize : fullSize;
        final int reps = plan.measuredReps();
        final OpenMpRuns runs = new OpenMpRuns(context);
        final Map<Boolean, Path> programs = runs.build(SOURCE_DIR + kernel + ".c", name());
        final List<RunVariant> variants = runs.available(programs, List.of("64", "1"), results);
        final List<String> arguments = plan.kernelArguments(size);

        final Map<String, List<Double>> samples = new LinkedHashMap<>();
        String referenceChecksum = null;
        for (int round = 1; round <= plan.parallelRounds(); round++)
        {
            for (final int threads : OpenMpRuns.THREADS)
            {
                for (final RunVariant variant : variants)
                {
                    final String label = name() + " (" + variant.name() + ", " + threads + " threads)";
                    final KernelOutput output = KernelOutput.parse(label,
                        runs.run(variant, programs, threads, arguments).requireSuccess().stdout(), reps);
                    if (referenceChecksum == null)
                    {
                        referenceChecksum = output.checksum();
                    }
                    else if (!referenceChecksum.equals(output.checksum()))
                    {
                        throw new ProgramException(label + " size " + size + ": checksum " + output.checksum() +
                            " in round " + round + " differs from the native one-thread checksum " +
                            referenceChecksum);
                    }
                    final double[] measuredMs = output.measuredMs();
                    final List<Double> list = samples.computeIfAbsent(variant.name() + "/" + threads,
                        key -> new ArrayList<>());
                    for (final double ms : measuredMs)
                    {
                        list.add(ms);
                    }
                    context.progress().step(String.format(Locale.ROOT,
                        "round %d/%d %-13s %d thread(s) median %9.3f ms after %d warm-up repetition(s)", round, plan.parallelRounds(), variant.name(), threads,
                        Summary.of(measuredMs).median(), output.warmups()));
                }
            }
        }
        for (final Map.Entry<String, List<Double>> entry : samples.entrySet())
        {
            final String[] key = entry.getKey().split("/");
            final double[] all = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            results.add(new Measurement(OpenMpRuns.GROUP, name(), key[0], Integer.parseInt(key[1]), size,
                Summary.of(all), "ms"));
        }
    }
}
