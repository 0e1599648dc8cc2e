package io.wabric.experiments.kernel;

import io.wabric.experiments.goal.GoalEvaluator;
import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernels table: native and Wabric medians with their spread, the Wabric/native ratio of each kernel and the
 * geometric mean of the ratios against the project's goal.
 */
public final class KernelSection implements ReportSection
{
    /** Issue 2's goal for the geometric mean of Wabric/native time ratios at -O2. */
    public static final double GEOMEAN_GOAL = GoalEvaluator.KERNEL_GEOMEAN_GOAL;

    private final List<KernelExperiment> kernels;

    /**
     * @param kernels the kernels, for their descriptions.
     */
    public KernelSection(final List<KernelExperiment> kernels)
    {
        this.kernels = List.copyOf(kernels);
    }

    @Override
    public String group()
    {
        return KernelExperiment.GROUP;
    }

    @Override
    public String title()
    {
        return "Compute kernels (serial)";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        markdown.paragraph("Each kernel is one C file in `experiments/programs/kernels/`, built with `gcc -O2` " +
            "(native) and with `wabric cc -O2` (Wasm, run by `wabric run` on Chicory-compiled JVM bytecode over " +
            "Wabric's flat memory). Each program times its own repetitions with `clock_gettime(CLOCK_MONOTONIC)`, so " +
            "process and JVM start-up are not included. Each process first runs untimed warm-up repetitions, for a " +
            "least time as well as a least count (see *Settings* above), so that the JIT compiler is done with the " +
            "kernel's loops before a repetition is measured; every repetition starts from the same data, and every " +
            "Wabric checksum equals the native one. Times are per repetition, median with the 10th-90th " +
            "percentile range.");
        final List<String> described = new ArrayList<>();
        for (final KernelExperiment kernel : kernels)
        {
            described.add("**" + kernel.name() + "**: " + kernel.description());
        }
        markdown.bullets(described);

        final List<List<String>> table = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final Map<String, List<Double>> times = new LinkedHashMap<>();
        times.put("native", new ArrayList<>());
        times.put("Wabric", new ArrayList<>());
        final Results byName = new Results();
        rows.forEach(byName::add);
        for (final Measurement nativeRow : rows)
        {
            if (!nativeRow.variant().equals("native"))
            {
                continue;
            }
            final Optional<Measurement> wabricRow = byName.find(nativeRow.experiment(), "wabric", nativeRow.threads());
            if (wabricRow.isEmpty())
            {
                continue;
            }
            final double ratio = wabricRow.get().summary().median() / nativeRow.summary().median();
            names.add(nativeRow.experiment());
            ratios.add(ratio);
            times.get("native").add(nativeRow.summary().median());
            times.get("Wabric").add(wabricRow.get().summary().median());
            table.add(List.of(nativeRow.experiment(), Long.toString(nativeRow.size()), cell(nativeRow),
                cell(wabricRow.get()), Markdown.number(ratio) + "x", vectorized(nativeRow.experiment())));
        }
        if (ratios.isEmpty())
        {
            markdown.paragraph("No kernel has both a native and a Wabric result.");
            return;
        }
        final double geomean = Results.geometricMean(ratios);
        table.add(List.of("**geometric mean**", "", "", "", "**" + Markdown.number(geomean) + "x**", ""));
        markdown.table(List.of("kernel", ">size", ">native ms", ">Wabric ms", ">Wabric / native",
            ">gcc SIMD loops"), table);
        markdown.paragraph("*gcc SIMD loops* counts the loops gcc reported vectorising (`-fopt-info-vec-optimized`) " +
            "in the native build; the Wasm build has none, since Chicory compiles no SIMD and `wabric cc` does not " +
            "pass `-msimd128`. Where it is 0 the comparison is scalar code against scalar code.");
        markdown.paragraph("Goal (issue 2): geometric mean <= " + Markdown.number(GEOMEAN_GOAL) + "x native at -O2; " +
            (geomean <= GEOMEAN_GOAL ? "met" : "**not met**") + " in this run (" + Markdown.number(geomean) + "x).");

        final Map<String, List<Double>> ratioSeries = new LinkedHashMap<>();
        ratioSeries.put("Wabric / native", ratios);
        markdown.image("Wabric/native time ratio per kernel", plots.bars("kernels-ratio",
            "Wabric time / native time (lower is better, 1 = native speed)", "ratio", names, ratioSeries));
        markdown.image("median time per repetition, native and Wabric", plots.bars("kernels-time",
            "Median time per repetition", "ms", names, times));
    }

    private String vectorized(final String name)
    {
        for (final KernelExperiment kernel : kernels)
        {
            if (kernel.name().equals(name) && kernel.nativeVectorizedLoops() >= 0)
            {
                return Integer.toString(kernel.nativeVectorizedLoops());
            }
        }
        return "?";
    }

    private static String cell(final Measurement row)
    {
        return Markdown.number(row.summary().median()) + " (" + Markdown.number(row.summary().p10()) + "-" +
            Markdown.number(row.summary().p90()) + ")";
    }
}
