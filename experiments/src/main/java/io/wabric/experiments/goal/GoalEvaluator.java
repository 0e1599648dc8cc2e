package io.wabric.experiments.goal;

import io.wabric.experiments.kernel.KernelExperiment;
import io.wabric.experiments.mpi.MpiRuns;
import io.wabric.experiments.openmp.OpenMpRuns;
import io.wabric.experiments.openmp.OverheadExperiment;
import io.wabric.experiments.program.RunVariant;
import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.startup.SnapshotStartExperiment;
import io.wabric.experiments.startup.StartupExperiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one run's results against the performance goals the issues set, so every report says which goals that run
 * met, with the deciding numbers: issue 2's serial kernels, issue 3's pre-initialised start, issue 4's OpenMP
 * overheads, kernel times and speed-up, issue 5's MPI latency, bandwidth and allreduce, and issue 6's run time.
 * Ratios compare medians measured in the same run, so they hold on a busy machine better than absolute times.
 */
public final class GoalEvaluator
{
    /** Issue 2: geometric mean of serial kernel Wabric/native time ratios at -O2. */
    public static final double KERNEL_GEOMEAN_GOAL = 2.0;
    /** Issue 4: an empty parallel region and a barrier within this factor of libgomp at 2 threads. */
    public static final double OPENMP_OVERHEAD_GOAL = 5.0;
    /** Issue 4: OpenMP kernel time within this factor of native at the same team size. */
    public static final double OPENMP_KERNEL_GOAL = 2.0;
    /** Issue 4: parallel speed-up from 1 to 2 threads. */
    public static final double OPENMP_SPEEDUP_GOAL = 1.6;
    /** Issue 5: the small message of the round-trip goal. */
    public static final long MPI_SMALL_BYTES = 8;
    /** Issue 5: the message size of the bandwidth goal. */
    public static final long MPI_BANDWIDTH_BYTES = 1L << 20;
    /** Issue 5: the allreduce size of the allreduce goal. */
    public static final long MPI_ALLREDUCE_BYTES = 8L << 20;
    /** Issue 6: the longest a {@code --quick} run may take to count as "a few minutes". */
    public static final double QUICK_GOAL_MINUTES = 5.0;
    static final String ONE_PROCESS = "wabric";
    static final String PINGPONG = "mpi-pingpong";
    static final String ALLREDUCE = "mpi-allreduce";
    static final String NO_NUMBERS = "no numbers in this run";

    private GoalEvaluator()
    {
    }

    /**
     * @param results   the run's measurements.
     * @param quick     whether it was a {@code --quick} run.
     * @param durationS how long the run took.
     * @return every goal with this run's verdict, by issue.
     */
    public static List<Goal> evaluate(final Results results, final boolean quick, final double durationS)
    {
        final List<Goal> goals = new ArrayList<>();
        goals.add(kernels(results));
        goals.add(snapshotStart(results));
        goals.add(new Goal(3, "fork of a 64 MiB memory <= 0.05 ms, ready instance from a snapshot <= 0.5 ms, " +
            "unchanged 64 MiB diff scan <= 1.25x a copy", "measured by the JMH `SnapshotBenchmark` and " +
            "`GuestRestoreBenchmark` (`benchmarks` module), not by this command", Goal.Verdict.NOT_MEASURED));
        final List<String> openMpVariants = wabricVariants(results, OpenMpRuns.GROUP, OpenMpRuns.VARIANTS);
        for (final String construct : List.of("parallel", "barrier"))
        {
            for (final String variant : orNone(openMpVariants))
            {
                goals.add(overhead(results, construct, variant));
            }
        }
        for (final String variant : orNone(openMpVariants))
        {
            goals.add(openMpKernels(results, variant));
        }
        for (final String variant : orNone(openMpVariants))
        {
            goals.add(speedup(results, variant));
        }
        goals.add(roundTrip(results));
        final List<String> mpiVariants = wabricVariants(results, MpiRuns.GROUP, MpiRuns.VARIANTS);
        for (final String variant : orNone(mpiVariants))
        {
            goals.add(bandwidth(results, variant));
        }
        for (final String variant : orNone(mpiVariants))
        {
            goals.add(allreduce(results, variant));
        }
        goals.add(duration(quick, durationS));
        return goals;
    }

    /**
     * Writes the goals as a table: issue, goal, what this run measured, verdict.
     *
     * @param goals    from {@link #evaluate(Results, boolean, double)}.
     * @param markdown where.
     */
    public static void write(final List<Goal> goals, final Markdown markdown)
    {
        final long met = goals.stream().filter(goal -> goal.verdict() == Goal.Verdict.MET).count();
        final long missed = goals.stream().filter(goal -> goal.verdict() == Goal.Verdict.NOT_MET).count();
        markdown.heading(2, "Goals");
        markdown.paragraph("The performance goals of the issues, checked against this run (" + met + " met, " +
            missed + " not met, " + (goals.size() - met - missed) + " not measured). Ratios are of medians taken " +
            "in the same run; on a machine busy with other work (see the load average above) the parallel and " +
            "multi-process ones suffer most.");
        final List<List<String>> table = new ArrayList<>();
        for (final Goal goal : goals)
        {
            table.add(List.of(Integer.toString(goal.issue()), goal.statement(), goal.measured(),
                goal.verdict().text()));
        }
        markdown.table(List.of(">issue", "goal", "this run", "verdict"), table);
    }

    static Goal kernels(final Results results)
    {
        final String statement = "serial kernels: geometric mean of Wabric/native time <= " +
            number(KERNEL_GEOMEAN_GOAL) + "x at -O2";
        final List<Double> ratios = new ArrayList<>();
        for (final Measurement row : results.group(KernelExperiment.GROUP))
        {
            if (row.variant().equals("native"))
            {
                results.find(row.experiment(), "wabric", row.threads())
                    .ifPresent(wabric -> ratios.add(wabric.summary().median() / row.summary().median()));
            }
        }
        if (ratios.isEmpty())
        {
            return notMeasured(2, statement);
        }
        final double geomean = Results.geometricMean(ratios);
        return new Goal(2, statement, number(geomean) + "x over " + ratios.size() + " kernel(s)",
            Goal.Verdict.of(geomean <= KERNEL_GEOMEAN_GOAL));
    }

    static Goal snapshotStart(final Results results)
    {
        final String statement = "pre-initialised start (`wabric run --snapshot`) of a guest with a costly " +
            "initialiser saves start-up time over `wabric run`";
        final Optional<Measurement> warm = results.find(SnapshotStartExperiment.PROGRAM, SnapshotStartExperiment.WARM,
            1).filter(row -> row.group().equals(StartupExperiment.GROUP));
        final Optional<Measurement> snapshot = results.find(SnapshotStartExperiment.PROGRAM,
            SnapshotStartExperiment.SNAPSHOT, 1).filter(row -> row.group().equals(StartupExperiment.GROUP));
        if (warm.isEmpty() || snapshot.isEmpty())
        {
            return notMeasured(3, statement);
        }
        final double warmMs = warm.get().summary().median();
        final double snapshotMs = snapshot.get().summary().median();
        final double savedMs = warmMs - snapshotMs;
        return new Goal(3, statement, String.format(Locale.ROOT, "%s ms -> %s ms: %s ms saved (%.0f%%)",
            number(warmMs), number(snapshotMs), number(savedMs), 100.0 * savedMs / warmMs),
            Goal.Verdict.of(savedMs > 0));
    }

    static Goal overhead(final Results results, final String construct, final String variant)
    {
        final String statement = "OpenMP " + (construct.equals("parallel") ? "empty parallel region" : construct) +
            " overhead <= " + number(OPENMP_OVERHEAD_GOAL) + "x libgomp at " + OverheadExperiment.THREADS +
            " threads (" + variant + ")";
        final String experiment = OverheadExperiment.ROW_PREFIX + construct;
        final Optional<Measurement> nativeRow = results.find(experiment, OpenMpRuns.NATIVE, OverheadExperiment.THREADS);
        final Optional<Measurement> row = results.find(experiment, variant, OverheadExperiment.THREADS);
        if (nativeRow.isEmpty() || row.isEmpty())
        {
            return notMeasured(4, statement);
        }
        final double nativeUs = nativeRow.get().summary().median();
        final double us = row.get().summary().median();
        if (us <= 0 || nativeUs <= 0)
        {
            return new Goal(4, statement, number(us) + " us vs " + number(nativeUs) + " us: a median at or below 0 " +
                "means the timing noise (other work on the machine) exceeded the overhead, so this run cannot tell",
                Goal.Verdict.NOT_MEASURED);
        }
        return new Goal(4, statement, number(us) + " us vs " + number(nativeUs) + " us: " + number(us / nativeUs) +
            "x", Goal.Verdict.of(us <= OPENMP_OVERHEAD_GOAL * nativeUs));
    }

    static Goal openMpKernels(final Results results, final String variant)
    {
        final String statement = "OpenMP kernels <= " + number(OPENMP_KERNEL_GOAL) + "x native time at the same " +
            "thread count (" + variant + ")";
        double worst = 0;
        String worstAt = "";
        int compared = 0;
        for (final Measurement row : openMpKernelRows(results, variant))
        {
            final Optional<Measurement> nativeRow = results.find(row.experiment(), OpenMpRuns.NATIVE, row.threads());
            if (nativeRow.isPresent())
            {
                compared++;
                final double ratio = row.summary().median() / nativeRow.get().summary().median();
                if (ratio > worst)
                {
                    worst = ratio;
                    worstAt = row.experiment() + " at " + row.threads() + "T";
                }
            }
        }
        if (compared == 0)
        {
            return notMeasured(4, statement);
        }
        return new Goal(4, statement, "worst " + number(worst) + "x (" + worstAt + ") of " + compared +
            " kernel x thread count(s)", Goal.Verdict.of(worst <= OPENMP_KERNEL_GOAL));
    }

    static Goal speedup(final Results results, final String variant)
    {
        final String statement = "OpenMP kernels: speed-up from 1 to 2 threads >= " + number(OPENMP_SPEEDUP_GOAL) +
            "x (" + variant + ")";
        double worst = Double.MAX_VALUE;
        String worstAt = "";
        for (final Measurement one : openMpKernelRows(results, variant))
        {
            if (one.threads() != 1)
            {
                continue;
            }
            final Optional<Measurement> two = results.find(one.experiment(), variant, 2);
            if (two.isPresent())
            {
                final double speedup = one.summary().median() / two.get().summary().median();
                if (speedup < worst)
                {
                    worst = speedup;
                    worstAt = one.experiment();
                }
            }
        }
        if (worstAt.isEmpty())
        {
            return notMeasured(4, statement);
        }
        final String nativeSpeedups = nativeSpeedups(results);
        return new Goal(4, statement, "worst " + number(worst) + "x (" + worstAt + ")" +
            (nativeSpeedups.isEmpty() ? "" : "; native in the same run: " + nativeSpeedups),
            Goal.Verdict.of(worst >= OPENMP_SPEEDUP_GOAL));
    }

    static Goal roundTrip(final Results results)
    {
        final String statement = "MPI small-message (" + MPI_SMALL_BYTES + " B) ping-pong round trip, one process " +
            "(" + ONE_PROCESS + "), <= native OpenMPI's";
        final Optional<Measurement> nativeRow = mpi(results, PINGPONG, MpiRuns.NATIVE, MPI_SMALL_BYTES);
        final Optional<Measurement> row = mpi(results, PINGPONG, ONE_PROCESS, MPI_SMALL_BYTES);
        if (nativeRow.isEmpty() || row.isEmpty())
        {
            return notMeasured(5, statement);
        }
        final double nativeUs = 2 * nativeRow.get().summary().median();
        final double us = 2 * row.get().summary().median();
        return new Goal(5, statement, number(us) + " us vs " + number(nativeUs) + " us: " + number(us / nativeUs) +
            "x", Goal.Verdict.of(us <= nativeUs));
    }

    static Goal bandwidth(final Results results, final String variant)
    {
        final String statement = "MPI 1 MiB ping-pong bandwidth >= native (" + variant + ")";
        final Optional<Measurement> nativeRow = mpi(results, PINGPONG, MpiRuns.NATIVE, MPI_BANDWIDTH_BYTES);
        final Optional<Measurement> row = mpi(results, PINGPONG, variant, MPI_BANDWIDTH_BYTES);
        if (nativeRow.isEmpty() || row.isEmpty())
        {
            return notMeasured(5, statement);
        }
        final double nativeMBs = MPI_BANDWIDTH_BYTES / nativeRow.get().summary().median();
        final double mbs = MPI_BANDWIDTH_BYTES / row.get().summary().median();
        final String second = secondReference(results, PINGPONG, variant, MPI_BANDWIDTH_BYTES)
            .map(reference -> "; OpenMPI over TCP (" + reference.variant() + ") " +
                number(MPI_BANDWIDTH_BYTES / reference.summary().median()) + " MB/s: " +
                number(mbs / (MPI_BANDWIDTH_BYTES / reference.summary().median())) + "x")
            .orElse("");
        return new Goal(5, statement, number(mbs) + " MB/s vs " + number(nativeMBs) + " MB/s: " +
            number(mbs / nativeMBs) + "x" + second, Goal.Verdict.of(mbs >= nativeMBs));
    }

    static Goal allreduce(final Results results, final String variant)
    {
        final String statement = "MPI 8 MiB allreduce at " + MpiRuns.RANKS + " ranks <= native (" + variant + ")";
        final Optional<Measurement> nativeRow = mpi(results, ALLREDUCE, MpiRuns.NATIVE, MPI_ALLREDUCE_BYTES);
        final Optional<Measurement> row = mpi(results, ALLREDUCE, variant, MPI_ALLREDUCE_BYTES);
        if (nativeRow.isEmpty() || row.isEmpty())
        {
            return notMeasured(5, statement);
        }
        final double nativeUs = nativeRow.get().summary().median();
        final double us = row.get().summary().median();
        final String second = secondReference(results, ALLREDUCE, variant, MPI_ALLREDUCE_BYTES)
            .map(reference -> "; OpenMPI over TCP (" + reference.variant() + ") " +
                number(reference.summary().median()) + " us: " + number(us / reference.summary().median()) + "x")
            .orElse("");
        return new Goal(5, statement, number(us) + " us vs " + number(nativeUs) + " us: " + number(us / nativeUs) +
            "x" + second, Goal.Verdict.of(us <= nativeUs));
    }

    /**
     * The variant's second native reference (OpenMPI over TCP for UDP), shown beside the goal for context: the
     * goal's verdict stays against {@link MpiRuns#NATIVE}.
     */
    private static Optional<Measurement> secondReference(final Results results, final String experiment,
        final String variant, final long bytes)
    {
        return MpiRuns.secondReference(variant).flatMap(reference -> mpi(results, experiment, reference, bytes));
    }

    static Goal duration(final boolean quick, final double durationS)
    {
        final double minutes = durationS / 60.0;
        if (quick)
        {
            return new Goal(6, "`bin/wabric bench --quick` finishes in a few minutes (<= " +
                number(QUICK_GOAL_MINUTES) + " min) on 2 cores", number(minutes) + " min",
                Goal.Verdict.of(minutes <= QUICK_GOAL_MINUTES));
        }
        return new Goal(6, "the full run is documented with its duration", number(minutes) + " min (stated above)",
            Goal.Verdict.MET);
    }

    private static List<Measurement> openMpKernelRows(final Results results, final String variant)
    {
        return results.group(OpenMpRuns.GROUP).stream()
            .filter(row -> row.variant().equals(variant) &&
                !row.experiment().startsWith(OverheadExperiment.ROW_PREFIX))
            .toList();
    }

    private static String nativeSpeedups(final Results results)
    {
        final List<String> speedups = new ArrayList<>();
        for (final Measurement one : openMpKernelRows(results, OpenMpRuns.NATIVE))
        {
            if (one.threads() == 1)
            {
                results.find(one.experiment(), OpenMpRuns.NATIVE, 2).ifPresent(two -> speedups.add(
                    one.experiment() + " " + number(one.summary().median() / two.summary().median()) + "x"));
            }
        }
        return String.join(", ", speedups);
    }

    private static Optional<Measurement> mpi(final Results results, final String experiment, final String variant,
        final long bytes)
    {
        return results.group(MpiRuns.GROUP).stream()
            .filter(row -> row.experiment().equals(experiment) && row.variant().equals(variant) &&
                row.size() == bytes)
            .findFirst();
    }

    /**
     * @param variants the group's variants: the native ones (the references, such as OpenMPI over shared memory and
     *                 over TCP) have no goals of their own.
     * @return the Wabric variants measured in the group, in result order.
     */
    private static List<String> wabricVariants(final Results results, final String group,
        final List<RunVariant> variants)
    {
        final Set<String> natives = new LinkedHashSet<>();
        variants.stream().filter(RunVariant::isNative).map(RunVariant::name).forEach(natives::add);
        final Set<String> measured = new LinkedHashSet<>();
        results.group(group).stream().map(Measurement::variant).filter(variant -> !natives.contains(variant))
            .forEach(measured::add);
        return List.copyOf(measured);
    }

    private static List<String> orNone(final List<String> variants)
    {
        return variants.isEmpty() ? List.of("wabric") : variants;
    }

    private static Goal notMeasured(final int issue, final String statement)
    {
        return new Goal(issue, statement, NO_NUMBERS, Goal.Verdict.NOT_MEASURED);
    }

    private static String number(final double value)
    {
        return Markdown.number(value);
    }
}
