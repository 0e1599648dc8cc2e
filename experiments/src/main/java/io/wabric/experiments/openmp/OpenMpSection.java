package io.wabric.experiments.openmp;

import io.wabric.experiments.goal.GoalEvaluator;
import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenMP section: per kernel and variant, the time at 1 and 2 threads, the ratio to native at the same team size
 * and the parallel speed-up; then the EPCC overheads per construct against libgomp.
 */
public final class OpenMpSection implements ReportSection
{
    /** Issue 4's goal for the parallel speed-up from 1 to 2 threads. */
    static final double SPEEDUP_GOAL = GoalEvaluator.OPENMP_SPEEDUP_GOAL;

    private final List<OpenMpKernelExperiment> kernels;

    /**
     * @param kernels the OpenMP kernels, for their descriptions.
     */
    public OpenMpSection(final List<OpenMpKernelExperiment> kernels)
    {
        this.kernels = List.copyOf(kernels);
    }

    @Override
    public String group()
    {
        return OpenMpRuns.GROUP;
    }

    @Override
    public String title()
    {
        return "OpenMP";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        final Results byKey = new Results();
        rows.forEach(byKey::add);
        final Set<String> variants = new LinkedHashSet<>();
        rows.forEach(row -> variants.add(row.variant()));
        final List<String> described = new ArrayList<>();
        OpenMpRuns.VARIANTS.stream().filter(variant -> variants.contains(variant.name()))
            .forEach(variant -> described.add("**" + variant.name() + "**: " + variant.description()));
        markdown.paragraph("Variants measured (built with `gcc -fopenmp -O2` and `wabric cc -fopenmp -O2`, run " +
            "interleaved round by round):");
        markdown.bullets(described);
        writeKernels(rows, byKey, variants, markdown, plots);
        writeOverheads(rows, byKey, variants, markdown, plots);
    }

    private void writeKernels(final List<Measurement> rows, final Results byKey, final Set<String> variants,
        final Markdown markdown, final PlotWriter plots)
    {
        final List<String> names = new ArrayList<>();
        rows.stream().filter(row -> row.unit().equals("ms")).forEach(row ->
        {
            if (!names.contains(row.experiment()))
            {
                names.add(row.experiment());
            }
        });
        if (names.isEmpty())
        {
            return;
        }
        markdown.heading(3, "Kernels at 1 and 2 threads");
        final List<String> described = new ArrayList<>();
        for (final OpenMpKernelExperiment kernel : kernels)
        {
            if (names.contains(kernel.name()))
            {
                described.add("**" + kernel.name() + "**: " + kernel.description());
            }
        }
        markdown.bullets(described);
        final List<List<String>> table = new ArrayList<>();
        final Map<String, List<Double>> speedups = new LinkedHashMap<>();
        final Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (final String name : names)
        {
            final Optional<Measurement> native1 = byKey.find(name, OpenMpRuns.NATIVE, 1);
            final Optional<Measurement> native2 = byKey.find(name, OpenMpRuns.NATIVE, 2);
            for (final String variant : variants)
            {
                final Optional<Measurement> one = byKey.find(name, variant, 1);
                final Optional<Measurement> two = byKey.find(name, variant, 2);
                if (one.isEmpty() || two.isEmpty())
                {
                    continue;
                }
                final double speedup = one.get().summary().median() / two.get().summary().median();
                speedups.computeIfAbsent(variant, key -> new ArrayList<>()).add(speedup);
                final String ratio1 = ratio(one, native1);
                final String ratio2 = ratio(two, native2);
                if (!variant.equals(OpenMpRuns.NATIVE) && native2.isPresent())
                {
                    ratios.computeIfAbsent(variant + " / native", key -> new ArrayList<>())
                        .add(two.get().summary().median() / native2.get().summary().median());
                }
                table.add(List.of(name, Long.toString(one.get().size()), variant, cell(one.get()), cell(two.get()),
                    ratio1, ratio2, Markdown.number(speedup) + "x"));
            }
        }
        markdown.table(List.of("kernel", ">size", "variant", ">1 thread ms", ">2 threads ms", ">/ native 1T",
            ">/ native 2T", ">speed-up 1T->2T"), table);
        markdown.paragraph("Times are per repetition (median, 10th-90th percentile), each program timing its own " +
            "repetitions after warm-up ones that run for a least time (see *Settings* above); every checksum equals " +
            "the native one-thread checksum. " +
            "*/ native* is the variant's time over libgomp's at the same team size; *speed-up* is its own 1-thread " +
            "time over its 2-thread time (goal of issue 4: >= " + Markdown.number(SPEEDUP_GOAL) + "x on 2 cores; " +
            "on a machine shared with other work the 2-thread runs compete for the same 2 cores).");
        final List<String> shortNames = names.stream().map(name -> name.replace("omp-", "")).toList();
        markdown.image("parallel speed-up from 1 to 2 threads", plots.bars("openmp-speedup",
            "Parallel speed-up, 1 -> 2 threads (higher is better)", "speed-up", shortNames, speedups));
        if (!ratios.isEmpty())
        {
            markdown.image("time at 2 threads over native", plots.bars("openmp-ratio",
                "Time at 2 threads / native time at 2 threads (lower is better)", "ratio", shortNames, ratios));
        }
    }

    private static void writeOverheads(final List<Measurement> rows, final Results byKey, final Set<String> variants,
        final Markdown markdown, final PlotWriter plots)
    {
        final List<String> constructs = new ArrayList<>();
        rows.stream().filter(row -> row.experiment().startsWith(OverheadExperiment.ROW_PREFIX)).forEach(row ->
        {
            if (!constructs.contains(row.experiment()))
            {
                constructs.add(row.experiment());
            }
        });
        if (constructs.isEmpty())
        {
            return;
        }
        markdown.heading(3, "Overheads (EPCC-style), " + OverheadExperiment.THREADS + " threads");
        markdown.paragraph("`experiments/programs/openmp/epcc_overheads.c`: microseconds per construct, the best " +
            "of 5 timings of many constructs around a short delay minus the same delays without the construct " +
            "(so noise can make a small overhead negative), taken after every construct has run in warm-up rounds " +
            "for the warm-up time of the *Settings* above; the table shows the median over rounds with its " +
            "10th-90th percentile range. *dynamic_1* is per iteration of a `schedule(dynamic, 1)` loop.");
        final List<String> headers = new ArrayList<>(List.of("construct"));
        variants.forEach(variant -> headers.add(">" + variant + " us"));
        variants.stream().filter(variant -> !variant.equals(OpenMpRuns.NATIVE))
            .forEach(variant -> headers.add(">" + variant + " / native"));
        final List<List<String>> table = new ArrayList<>();
        final Map<String, List<Double>> series = new LinkedHashMap<>();
        final List<String> names = new ArrayList<>();
        for (final String construct : constructs)
        {
            final List<String> cells = new ArrayList<>();
            final String name = construct.substring(OverheadExperiment.ROW_PREFIX.length());
            cells.add(name);
            names.add(name);
            for (final String variant : variants)
            {
                final Optional<Measurement> row = byKey.find(construct, variant, OverheadExperiment.THREADS);
                cells.add(row.map(OpenMpSection::cell).orElse(""));
                series.computeIfAbsent(variant, key -> new ArrayList<>())
                    .add(row.map(r -> Math.max(0.0, r.summary().median())).orElse(0.0));
            }
            final Optional<Measurement> nativeRow = byKey.find(construct, OpenMpRuns.NATIVE, OverheadExperiment.THREADS);
            for (final String variant : variants)
            {
                if (!variant.equals(OpenMpRuns.NATIVE))
                {
                    cells.add(ratio(byKey.find(construct, variant, OverheadExperiment.THREADS), nativeRow));
                }
            }
            table.add(cells);
        }
        markdown.table(headers, table);
        markdown.paragraph("A ratio is shown only where the native overhead is above 0.01 us; below that it is noise.");
        markdown.image("OpenMP construct overheads", plots.bars("openmp-overheads",
            "OpenMP overhead per construct at 2 threads (negative medians drawn as 0)", "us", names, series));
    }

    private static String ratio(final Optional<Measurement> row, final Optional<Measurement> reference)
    {
        if (row.isEmpty() || reference.isEmpty() || !(reference.get().summary().median() > 0.01))
        {
            return "";
        }
        return Markdown.number(row.get().summary().median() / reference.get().summary().median()) + "x";
    }

    private static String cell(final Measurement row)
    {
        return Markdown.number(row.summary().median()) + " (" + Markdown.number(row.summary().p10()) + " to " +
            Markdown.number(row.summary().p90()) + ")";
    }
}
