package io.wabric.experiments.openmp;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EPCC-style OpenMP overheads ({@code experiments/programs/openmp/epcc_overheads.c}): microseconds per parallel
 * region, barrier, critical section, reduction and dynamic-loop iteration, each the best of 5 timings minus the same
 * work without the construct, at 2 threads in every available variant, interleaved round by round.
 */
public final class OverheadExperiment implements Experiment
{
    /** The experiment's name; its rows are named {@code overhead-CONSTRUCT}. */
    public static final String NAME = "omp-overheads";
    /** Row name prefix. */
    public static final String ROW_PREFIX = "overhead-";
    static final String SOURCE = "experiments/programs/openmp/epcc_overheads.c";
    static final List<String> CONSTRUCTS = List.of("parallel", "barrier", "critical", "reduction", "dynamic_1");
    /** Team size of the overhead measurements. */
    public static final int THREADS = 2;
    static final int QUICK_INNER = 1_000;
    /**
     * Constructs per timing in a full run: the program's own default. With 5,000 the five timings of a construct
     * spread from -0.15 to 1.0 us for the empty region on one build; with 20,000 from 0.54 to 1.13.
     */
    static final int FULL_INNER = 20_000;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String group()
    {
        return OpenMpRuns.GROUP;
    }

    @Override
    public String description()
    {
        return "EPCC-style overheads at 2 threads: parallel region, barrier, critical, reduction, dynamic loop";
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final OpenMpRuns runs = new OpenMpRuns(context);
        final Map<Boolean, Path> programs = runs.build(SOURCE, "epcc_overheads");
        final List<RunVariant> variants = runs.available(programs, List.of("16"), results);
        final String inner = Integer.toString(context.plan().quick() ? QUICK_INNER : FULL_INNER);
        final String warmupMs = Integer.toString(context.plan().warmupMs());
        final Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (int round = 1; round <= context.plan().parallelRounds(); round++)
        {
            for (final RunVariant variant : variants)
            {
                final Map<String, Double> values = parse(variant.name(),
                    runs.run(variant, programs, THREADS, List.of(inner, warmupMs)).requireSuccess().stdout());
                values.forEach((construct, us) ->
                    samples.computeIfAbsent(variant.name() + "/" + construct, key -> new ArrayList<>()).add(us));
                context.progress().step("round " + round + "/" + context.plan().parallelRounds() + " " +
                    variant.name() + " us: " + values);
            }
        }
        for (final String construct : CONSTRUCTS)
        {
            for (final RunVariant variant : variants)
            {
                final double[] values = samples.get(variant.name() + "/" + construct).stream()
                    .mapToDouble(Double::doubleValue).toArray();
                results.add(new Measurement(OpenMpRuns.GROUP, ROW_PREFIX + construct, variant.name(), THREADS,
                    Measurement.NO_SIZE, Summary.of(values), "us"));
            }
        }
    }

    /**
     * @param variant for messages.
     * @param stdout  the program's output: {@code CONSTRUCT MICROSECONDS} lines.
     * @return construct to microseconds, for every construct.
     */
    static Map<String, Double> parse(final String variant, final String stdout)
    {
        final Map<String, Double> values = new LinkedHashMap<>();
        for (final String line : stdout.split("\n"))
        {
            final String[] words = line.strip().split("\\s+");
            if (words.length == 2 && CONSTRUCTS.contains(words[0]))
            {
                try
                {
                    values.put(words[0], Double.parseDouble(words[1]));
                }
                catch (final NumberFormatException ex)
                {
                    throw new ProgramException("epcc_overheads (" + variant + ") printed '" + line.strip() +
                        "': not a number of microseconds", ex);
                }
            }
        }
        if (!values.keySet().containsAll(CONSTRUCTS))
        {
            throw new ProgramException("epcc_overheads (" + variant + ") printed " + values.keySet() +
                " but not all of " + CONSTRUCTS + "; output was: " + stdout.strip());
        }
        return values;
    }
}
