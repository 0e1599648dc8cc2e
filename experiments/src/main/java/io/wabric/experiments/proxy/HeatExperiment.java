package io.wabric.experiments.proxy;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.mpi.MpiRuns;
import io.wabric.experiments.program.ProcessResult;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code examples/heat_hybrid.c} (the demo's solver) as ranks x threads (2 x 1, 1 x 2, 2 x 2): natively ({@code mpicc
 * -fopenmp -O2}, OpenMPI) and on Wabric ({@code wabric cc -fopenmp -O2} run by {@code wabric mpirun --threads N}: each
 * rank a Faaslet with its own OpenMP team), in one JVM and, for layouts of more than one rank, one JVM per rank over
 * Aeron IPC when that variant is available. Every run must report the layout it was asked for and print the native
 * verification value.
 */
public final class HeatExperiment implements Experiment
{
    /** The report section. */
    public static final String GROUP = "proxy";
    static final String SOURCE = "examples/heat_hybrid.c";
    static final String NAME = "heat";
    /** Ranks x threads per rank: 2 cores used by ranks, by threads, and both at once (oversubscribed). */
    static final List<int[]> LAYOUTS = List.of(new int[] {2, 1}, new int[] {1, 2}, new int[] {2, 2});
    static final Pattern CHECKSUM = Pattern.compile("checksum (\\S+),");
    static final Pattern MS_PER_SWEEP = Pattern.compile("([0-9.]+) ms per sweep");
    static final Pattern LAYOUT = Pattern.compile("(\\d+) ranks x (\\d+) threads");
    static final String MULTI_PROCESS = "wabric-ipc";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public String group()
    {
        return GROUP;
    }

    @Override
    public String description()
    {
        return "proxy app: hybrid MPI + OpenMP heat-diffusion solver, 2 ranks x 1 thread, 1 x 2 and 2 x 2";
    }

    /**
     * @param quick true for the quick settings.
     * @return plate size and sweeps.
     */
    static List<String> arguments(final boolean quick)
    {
        return quick ? List.of("512", "100") : List.of("1024", "200");
    }

    /**
     * The variants of a layout: the required ones (native, Wabric in one process) always, Wabric over Aeron IPC
     * for more than one rank.
     *
     * @param variants the available MPI variants, in {@link MpiRuns#VARIANTS} order.
     * @param ranks    ranks of the layout.
     * @return the variants to run, in order.
     */
    static List<RunVariant> variantsFor(final List<RunVariant> variants, final int ranks)
    {
        final List<RunVariant> chosen = new ArrayList<>();
        for (final RunVariant variant : variants)
        {
            if (!variant.isOptional() || (ranks > 1 && variant.name().equals(MULTI_PROCESS)))
            {
                chosen.add(variant);
            }
        }
        return chosen;
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final List<String> arguments = arguments(context.plan().quick());
        final MpiRuns runs = new MpiRuns(context, true);
        final Map<Boolean, Path> hybrid = runs.build(SOURCE, "heat_hybrid");
        final List<RunVariant> available = new ArrayList<>();
        MpiRuns.VARIANTS.stream().filter(variant -> !variant.isOptional()).forEach(available::add);
        final RunVariant multiProcess = MpiRuns.VARIANTS.stream()
            .filter(variant -> variant.name().equals(MULTI_PROCESS)).findFirst().orElseThrow();
        final Optional<String> refused = context.probe(GROUP + "/" + MULTI_PROCESS,
            () -> runs.run(multiProcess, hybrid, 2, 2, Map.of(), List.of("64", "2")).failure());
        if (refused.isEmpty())
        {
            available.add(multiProcess);
        }
        else
        {
            results.unavailable(GROUP, MULTI_PROCESS, refused.get());
        }

        final Map<String, List<Double>> samples = new LinkedHashMap<>();
        String reference = null;
        final int rounds = context.plan().parallelRounds();
        for (int round = 1; round <= rounds; round++)
        {
            for (final int[] layout : LAYOUTS)
            {
                final int ranks = layout[0];
                final int threads = layout[1];
                for (final RunVariant variant : variantsFor(available, ranks))
                {
                    final ProcessResult result = runs.run(variant, hybrid, ranks, threads, Map.of(), arguments)
                        .requireSuccess();
                    final String label = NAME + " " + ranks + "x" + threads + " (" + variant.name() + ")";
                    final String checksum = find(CHECKSUM, result.stdout(), label, "verification value");
                    final double ms = Double.parseDouble(find(MS_PER_SWEEP, result.stderr(), label, "ms per sweep"));
                    requireLayout(label, result.stderr(), ranks, threads);
                    if (reference == null)
                    {
                        reference = checksum;
                    }
                    else if (!reference.equals(checksum))
                    {
                        throw new ProgramException(label + ": verification value " + checksum + " differs from " +
                            "the native " + reference);
                    }
                    samples.computeIfAbsent(variant.name() + "/" + ranks + "/" + threads, key -> new ArrayList<>())
                        .add(ms);
                    context.progress().step(String.format(Locale.ROOT, "round %d/%d %-10s %d rank(s) x %d thread(s): " +
                        "%.3f ms per sweep, checksum %s", round, rounds, variant.name(), ranks, threads, ms, checksum));
                }
            }
        }
        for (final Map.Entry<String, List<Double>> entry : samples.entrySet())
        {
            final String[] key = entry.getKey().split("/");
            final int ranks = Integer.parseInt(key[1]);
            final int threads = Integer.parseInt(key[2]);
            results.add(new Measurement(GROUP, NAME + "-" + ranks + "x" + threads, key[0], ranks * threads,
                Long.parseLong(arguments.get(0)),
                Summary.of(entry.getValue().stream().mapToDouble(Double::doubleValue).toArray()), "ms"));
        }
        results.note(GROUP, "Verification value (plate checksum) of every run: " + reference + ", equal to native; " +
            "every run reported the ranks x threads it was asked for.");
    }

    /**
     * Checks that a run used the layout it was asked for (the program prints its ranks and {@code
     * omp_get_max_threads()}), so a launcher that ignored the thread count cannot pass as hybrid.
     *
     * @param label   the run, for the error.
     * @param stderr  the run's standard error.
     * @param ranks   ranks asked for.
     * @param threads threads per rank asked for.
     */
    static void requireLayout(final String label, final String stderr, final int ranks, final int threads)
    {
        final Matcher matcher = LAYOUT.matcher(stderr);
        if (!matcher.find())
        {
            throw new ProgramException(label + " did not report its ranks x threads; stderr was: " + stderr.strip());
        }
        final int ranHow = Integer.parseInt(matcher.group(1));
        final int threadsHow = Integer.parseInt(matcher.group(2));
        if (ranHow != ranks || threadsHow != threads)
        {
            throw new ProgramException(label + " ran as " + ranHow + " ranks x " + threadsHow + " threads, not " +
                ranks + " x " + threads + "; check how the launcher passes the team size");
        }
    }

    private static String find(final Pattern pattern, final String text, final String label, final String what)
    {
        final Matcher matcher = pattern.matcher(text);
        if (!matcher.find())
        {
            throw new ProgramException(label + " printed no " + what + "; output was: " + text.strip());
        }
        return matcher.group(1);
    }
}
