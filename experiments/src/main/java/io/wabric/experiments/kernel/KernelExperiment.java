package io.wabric.experiments.kernel;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.ExperimentPlan;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.ProgramBuild;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A serial compute kernel from {@code experiments/programs/kernels/NAME.c}, built with gcc and with {@code wabric cc},
 * run interleaved round by round, each process warming up first (see {@link ExperimentPlan}), and every checksum
 * compared with the first native one: a Wabric result that differs from native is a failure, not a measurement.
 */
public final class KernelExperiment implements Experiment
{
    /** The report section of all serial kernels. */
    public static final String GROUP = "kernels";
    static final String SOURCE_DIR = "experiments/programs/kernels/";

    private final String name;
    private final String description;
    private final long fullSize;
    private final long quickSize;
    private int nativeVectorizedLoops = -1;

    /**
     * @param name        the kernel; its source is {@code experiments/programs/kernels/NAME.c}.
     * @param description what it computes and stresses.
     * @param fullSize    the size argument of a full run.
     * @param quickSize   the size argument with {@code --quick}.
     */
    public KernelExperiment(final String name, final String description, final long fullSize, final long quickSize)
    {
        this.name = name;
        this.description = description;
        this.fullSize = fullSize;
        this.quickSize = quickSize;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String group()
    {
        return GROUP;
    }

    @Override
    public String description()
    {
        return description;
    }

    /**
     * @param quick true for the quick settings.
     * @return the size argument used.
     */
    public long size(final boolean quick)
    {
        return quick ? quickSize : fullSize;
    }

    /**
     * @return loops gcc vectorised in the native build of the last run, or -1 when unknown.
     */
    public int nativeVectorizedLoops()
    {
        return nativeVectorizedLoops;
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final ExperimentPlan plan = context.plan();
        final long size = size(plan.quick());
        final int reps = plan.measuredReps();
        final Path source = context.source(SOURCE_DIR + name + ".c");
        final List<ProgramBuild> builds = List.of(context.nativeBuild(), context.wabricBuild());
        final List<Path> programs = new ArrayList<>();
        for (final ProgramBuild build : builds)
        {
            context.progress().step("building with " + build.description());
            programs.add(build.build(source, name));
        }
        nativeVectorizedLoops = context.nativeBuild().vectorizedLoops(name);

        final List<List<Double>> samples = new ArrayList<>();
        builds.forEach(build -> samples.add(new ArrayList<>()));
        String referenceChecksum = null;
        for (int round = 1; round <= plan.rounds(); round++)
        {
            for (int b = 0; b < builds.size(); b++)
            {
                final ProgramBuild build = builds.get(b);
                final ProcessResult result = context.runner().run(
                    build.command(programs.get(b), plan.kernelArguments(size).toArray(String[]::new)),
                    build.environment()).requireSuccess();
                final KernelOutput output = KernelOutput.parse(name + " (" + build.variant() + ")", result.stdout(), reps);
                if (referenceChecksum == null)
                {
                    referenceChecksum = output.checksum();
                }
                else if (!referenceChecksum.equals(output.checksum()))
                {
                    throw new ProgramException(name + " size " + size + ": the " + build.variant() + " checksum " +
                        output.checksum() + " in round " + round + " differs from the native checksum " +
                        referenceChecksum + "; the Wasm build computes something else");
                }
                final double[] measuredMs = output.measuredMs();
                for (final double ms : measuredMs)
                {
                    samples.get(b).add(ms);
                }
                context.progress().step(String.format(Locale.ROOT,
                    "round %d/%d %-7s median %9.3f ms after %d warm-up repetition(s), checksum %s", round,
                    plan.rounds(), build.variant(), Summary.of(measuredMs).median(), output.warmups(),
                    output.checksum()));
            }
        }
        for (int b = 0; b < builds.size(); b++)
        {
            final double[] all = samples.get(b).stream().mapToDouble(Double::doubleValue).toArray();
            results.add(new Measurement(GROUP, name, builds.get(b).variant(), 1, size, Summary.of(all), "ms"));
        }
    }
}
