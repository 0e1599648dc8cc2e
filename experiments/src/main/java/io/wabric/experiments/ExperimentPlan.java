package io.wabric.experiments;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one bench run does: which experiments, and how many rounds and repetitions each runs.
 *
 * <p>Each round runs every variant once, in turn (native, Wabric, native, Wabric...), so slow drifts of a shared
 * machine hit all variants alike. Inside a process a kernel first runs warm-up repetitions, at least
 * {@link #warmupReps()} and until they have taken {@link #warmupMs()}: Chicory compiles Wasm to JVM bytecode, which
 * HotSpot still has to compile to machine code, and it goes on recompiling hot loops for a second or more (the
 * first repetition measured 115-550 ms slower; a 10 ms OpenMP stencil repetition was still 20-30% slow after 5).
 * Counted in time, the warm-up gives a 10 ms kernel as long to settle as a 100 ms one. Native runs warm up by the
 * same rule, for symmetry.
 */
public final class ExperimentPlan
{
    static final int QUICK_ROUNDS = 1;
    static final int FULL_ROUNDS = 5;
    static final int WARMUP_REPS = 3;
    static final int QUICK_WARMUP_MS = 0;
    static final int FULL_WARMUP_MS = 1500;
    static final int QUICK_MEASURED_REPS = 3;
    static final int FULL_MEASURED_REPS = 6;
    static final int FULL_PARALLEL_ROUNDS = 3;
    static final int QUICK_STARTUP_RUNS = 3;
    static final int FULL_STARTUP_RUNS = 10;

    private final boolean quick;
    private final List<Experiment> experiments;

    private ExperimentPlan(final boolean quick, final List<Experiment> experiments)
    {
        this.quick = quick;
        this.experiments = List.copyOf(experiments);
    }

    /**
     * Selects experiments from a catalogue.
     *
     * @param catalogue every known experiment, in run order.
     * @param only      names to keep; empty keeps all.
     * @param quick     small sizes and few repetitions, for smoke tests.
     * @return the plan, in catalogue order.
     * @throws IllegalArgumentException naming unknown names and listing the known ones.
     */
    public static ExperimentPlan select(final List<Experiment> catalogue, final List<String> only, final boolean quick)
    {
        final Set<String> wanted = new LinkedHashSet<>();
        for (final String name : only)
        {
            if (!name.isBlank())
            {
                wanted.add(name.strip());
            }
        }
        final List<Experiment> selected = new ArrayList<>();
        final Set<String> known = new LinkedHashSet<>();
        for (final Experiment experiment : catalogue)
        {
            known.add(experiment.name());
            if (wanted.isEmpty() || wanted.contains(experiment.name()) || wanted.contains(experiment.group()))
            {
                selected.add(experiment);
            }
        }
        final Set<String> groups = new LinkedHashSet<>();
        catalogue.forEach(experiment -> groups.add(experiment.group()));
        final Set<String> unknown = new LinkedHashSet<>(wanted);
        unknown.removeAll(known);
        unknown.removeAll(groups);
        if (!unknown.isEmpty())
        {
            throw new IllegalArgumentException("unknown experiment(s) " + unknown + " in --only: choose from " +
                known + " or the groups " + groups);
        }
        return new ExperimentPlan(quick, selected);
    }

    /**
     * @return true for the quick smoke-test settings.
     */
    public boolean quick()
    {
        return quick;
    }

    /**
     * @return the experiments to run, in order.
     */
    public List<Experiment> experiments()
    {
        return experiments;
    }

    /**
     * @return how many times each variant's process runs, interleaved with the others.
     */
    public int rounds()
    {
        return quick ? QUICK_ROUNDS : FULL_ROUNDS;
    }

    /**
     * @return rounds of the OpenMP, MPI and proxy-application experiments, which run many more processes per round
     *     than the serial kernels (variants x team sizes), so a full run does fewer of them to stay affordable.
     */
    public int parallelRounds()
    {
        return quick ? QUICK_ROUNDS : FULL_PARALLEL_ROUNDS;
    }

    /**
     * @return the fewest warm-up repetitions each process runs before the measured ones.
     */
    public int warmupReps()
    {
        return WARMUP_REPS;
    }

    /**
     * @return the least time in milliseconds the warm-up repetitions of each process add up to.
     */
    public int warmupMs()
    {
        return quick ? QUICK_WARMUP_MS : FULL_WARMUP_MS;
    }

    /**
     * @param size the kernel's size argument.
     * @return the arguments of a kernel program (kernel.h protocol): {@code SIZE REPS WARMUP_REPS WARMUP_MS}.
     */
    public List<String> kernelArguments(final long size)
    {
        return List.of(Long.toString(size), Integer.toString(measuredReps()), Integer.toString(warmupReps()),
            Integer.toString(warmupMs()));
    }

    /**
     * @return repetitions kept from each process.
     */
    public int measuredReps()
    {
        return quick ? QUICK_MEASURED_REPS : FULL_MEASURED_REPS;
    }

    /**
     * @return how many times each start-up variant is timed.
     */
    public int startupRuns()
    {
        return quick ? QUICK_STARTUP_RUNS : FULL_STARTUP_RUNS;
    }

    /**
     * @return the settings in words, for the report.
     */
    public String describe()
    {
        return (quick ? "quick" : "full") + ": " + rounds() + " round(s) per variant, each kernel process runs " +
            "warm-up repetitions (at least " + warmupReps() + " and at least " + warmupMs() + " ms of them) and " +
            "then " + measuredReps() + " measured ones; OpenMP, MPI and proxy experiments " + parallelRounds() +
            " round(s)" +
            (quick ? "" : " (fewer than the serial kernels, to keep the full run affordable on a shared machine)") +
            "; start-up timed " + startupRuns() + " times per variant (the snapshot start " +
            (quick ? 1 : startupRuns() / 2) + ")";
    }
}
