package io.wabric.experiments.mpi;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One test of {@code experiments/programs/mpi/mpi_bench.c} on 2 ranks, in every available MPI variant, interleaved
 * round by round; every timed iteration goes into an HdrHistogram per variant and message size, reported as
 * microseconds (median, p10, p90, p99).
 */
public final class MpiExperiment implements Experiment
{
    static final String SOURCE = "experiments/programs/mpi/mpi_bench.c";
    static final long MIN_BYTES = 8;
    /** Size step of the full run for most tests: 8 B, 32 B, ... */
    public static final int FULL_STEP = 4;
    /** Size step of the quick run for most tests: 8 B, 512 B, 32 KiB, ... */
    public static final int QUICK_STEP = 64;
    static final int FULL_ITERATIONS = 1000;
    static final int QUICK_ITERATIONS = 100;
    /**
     * Untimed iterations before each size's samples last at least this long (mpi_bench's WARMUP_MS; ten times as
     * long before the first size), and number at least ten per timed iteration, in every variant, so a JVM's
     * just-in-time compiler has finished with the size's code path before it is timed.
     */
    static final int FULL_WARMUP_MS = 200;
    static final int QUICK_WARMUP_MS = 50;

    private final String test;
    private final String description;
    private final long maxBytes;
    private final int fullStep;
    private final int quickStep;

    /**
     * @param test        the mpi_bench test: pingpong, allreduce, alltoall or barrier.
     * @param description what is measured.
     * @param maxBytes    the largest message size (always measured).
     * @param fullStep    factor between measured sizes in a full run, at least 2.
     * @param quickStep   factor between measured sizes in a quick run, at least 2.
     */
    public MpiExperiment(final String test, final String description, final long maxBytes, final int fullStep,
        final int quickStep)
    {
        if (fullStep < 2 || quickStep < 2)
        {
            throw new IllegalArgumentException("size steps of " + test + " must be at least 2, got full " + fullStep +
                " and quick " + quickStep);
        }
        this.test = test;
        this.description = description;
        this.maxBytes = maxBytes;
        this.fullStep = fullStep;
        this.quickStep = quickStep;
    }

    /**
     * The sizes mpi_bench measures: {@link #MIN_BYTES} times the step's powers, and always the largest.
     *
     * @param quick true for the quick settings.
     * @return message sizes in bytes, ascending.
     */
    public List<Long> sizes(final boolean quick)
    {
        final long step = quick ? quickStep : fullStep;
        final List<Long> sizes = new ArrayList<>();
        for (long size = MIN_BYTES; size < maxBytes; size *= step)
        {
            sizes.add(size);
        }
        sizes.add(maxBytes);
        return sizes;
    }

    @Override
    public String name()
    {
        return "mpi-" + test;
    }

    @Override
    public String group()
    {
        return MpiRuns.GROUP;
    }

    @Override
    public String description()
    {
        return description;
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final boolean quick = context.plan().quick();
        final MpiRuns runs = new MpiRuns(context, false);
        final Map<Boolean, Path> programs = runs.build(SOURCE, "mpi_bench");
        final List<RunVariant> variants = runs.available(programs, List.of("barrier", "8", "8", "2", "10"), results);
        final List<String> arguments = List.of(test, Long.toString(MIN_BYTES), Long.toString(maxBytes),
            Integer.toString(quick ? quickStep : fullStep),
            Integer.toString(quick ? QUICK_ITERATIONS : FULL_ITERATIONS),
            Integer.toString(quick ? QUICK_WARMUP_MS : FULL_WARMUP_MS));
        final Map<String, Map<Long, Histogram>> histograms = new LinkedHashMap<>();
        final int rounds = context.plan().parallelRounds();
        for (int round = 1; round <= rounds; round++)
        {
            for (final RunVariant variant : variants)
            {
                final var result = runs.run(variant, programs, MpiRuns.RANKS, Map.of(), arguments).requireSuccess();
                final int samples = MpiOutput.record(name() + " (" + variant.name() + ")", result.stdout(),
                    histograms.computeIfAbsent(variant.name(), key -> MpiOutput.histograms()));
                context.progress().step(String.format(Locale.ROOT, "round %d/%d %-10s %d samples in %.1f s", round,
                    rounds, variant.name(), samples, result.wallNs() / 1e9));
            }
        }
        histograms.forEach((variant, bySize) -> bySize.forEach((size, histogram) ->
            results.add(new Measurement(MpiRuns.GROUP, name(), variant, MpiRuns.RANKS,
                size == 0 ? Measurement.NO_SIZE : size, Summary.of(histogram, 1e-3), "us"))));
    }
}
