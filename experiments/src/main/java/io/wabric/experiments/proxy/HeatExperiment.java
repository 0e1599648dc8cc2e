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
 * {@code experiments/programs/proxy/heat_hybrid.c} as ranks x threads: natively ({@code mpicc -fopenmp -O2},
 * OpenMPI) and on Wabric ({@code wabric mpirun}). When {@code wabric mpirun} cannot run the OpenMP build (it binds
 * MPI but not OpenMP), Wabric runs the MPI-only build (one thread per rank) as {@code wabric-mpi-only} and the report
 * says so. Every verification value must equal the native one.
 */
public final class HeatExperiment implements Experiment
{
    /** The report section. */
    public static final String GROUP = "proxy";
    static final String SOURCE = "experiments/programs/proxy/heat_hybrid.c";
    static final String NAME = "heat";
    static final String MPI_ONLY = "wabric-mpi-only";
    /** Ranks x threads per rank, for 2 cores. */
    static final List<int[]> LAYOUTS = List.of(new int[] {2, 1}, new int[] {1, 2});
    static final Pattern CHECKSUM = Pattern.compile("checksum (\\S+),");
    static final Pattern MS_PER_SWEEP = Pattern.compile("([0-9.]+) ms per sweep");

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
        return "proxy app: hybrid MPI + OpenMP heat-diffusion solver, 2 ranks x 1 thread and 1 rank x 2 threads";
    }

    /**
     * @param quick true for the quick settings.
     * @return plate size and sweeps.
     */
    static List<String> arguments(final boolean quick)
    {
        return quick ? List.of("512", "100") : List.of("1024", "200");
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final List<String> arguments = arguments(context.plan().quick());
        final MpiRuns hybridRuns = new MpiRuns(context, true);
        final Map<Boolean, Path> hybrid = hybridRuns.build(SOURCE, "heat_hybrid");
        final RunVariant nativeVariant = MpiRuns.VARIANTS.get(0);
        final RunVariant wabric = MpiRuns.VARIANTS.get(1);
        final Optional<String> hybridRefused = context.probe(GROUP + "/wabric-hybrid",
            () -> hybridRuns.run(wabric, hybrid, 2, Map.of("OMP_NUM_THREADS", "1"), List.of("64", "2")).failure());

        final MpiRuns mpiOnlyRuns = new MpiRuns(context, false);
        final Map<Boolean, Path> mpiOnly = hybridRefused.isPresent() ? mpiOnlyRuns.build(SOURCE, "heat_mpi") : null;
        if (hybridRefused.isPresent())
        {
            results.note(GROUP, "`wabric mpirun` could not run the OpenMP build (" + hybridRefused.get() + "), so " +
                "Wabric runs the MPI-only build (`wabric cc -O2`, no `-fopenmp`: one thread per rank) as **" +
                MPI_ONLY + "**, at 1 thread per rank only.");
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
                final Map<String, String> environment = Map.of("OMP_NUM_THREADS", Integer.toString(threads));
                final List<String[]> runs = new ArrayList<>();
                runs.add(new String[] {nativeVariant.name()});
                if (hybridRefused.isEmpty())
                {
                    runs.add(new String[] {wabric.name()});
                }
                else if (threads == 1)
                {
                    runs.add(new String[] {MPI_ONLY});
                }
                for (final String[] run : runs)
                {
                    final String variant = run[0];
                    final ProcessResult result = variant.equals(nativeVariant.name()) ?
                        hybridRuns.run(nativeVariant, hybrid, ranks, environment, arguments) :
                        variant.equals(MPI_ONLY) ? mpiOnlyRuns.run(wabric, mpiOnly, ranks, environment, arguments) :
                        hybridRuns.run(wabric, hybrid, ranks, environment, arguments);
                    result.requireSuccess();
                    final String label = NAME + " " + ranks + "x" + threads + " (" + variant + ")";
                    final String checksum = find(CHECKSUM, result.stdout(), label, "verification value");
                    final double ms = Double.parseDouble(find(MS_PER_SWEEP, result.stderr(), label, "ms per sweep"));
                    if (reference == null)
                    {
                        reference = checksum;
                    }
                    else if (!reference.equals(checksum))
                    {
                        throw new ProgramException(label + ": verification value " + checksum + " differs from " +
                            "the native " + reference);
                    }
                    samples.computeIfAbsent(variant + "/" + ranks + "/" + threads, key -> new ArrayList<>()).add(ms);
                    context.progress().step(String.format(Locale.ROOT, "round %d/%d %-16s %d rank(s) x %d thread(s): " +
                        "%.3f ms per sweep, checksum %s", round, rounds, variant, ranks, threads, ms, checksum));
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
        results.note(GROUP, "Verification value (plate checksum) of every run: " + reference + ", equal to native.");
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
