package io.wabric.experiments.mpi;

import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MPI section: per test, latency percentiles per message size and variant, the Wabric/native ratio of medians,
 * ping-pong bandwidth, and latency-against-size plots.
 */
public final class MpiSection implements ReportSection
{
    private final List<MpiExperiment> experiments;

    /**
     * @param experiments the MPI experiments, for their descriptions.
     */
    public MpiSection(final List<MpiExperiment> experiments)
    {
        this.experiments = List.copyOf(experiments);
    }

    @Override
    public String group()
    {
        return MpiRuns.GROUP;
    }

    @Override
    public String title()
    {
        return "MPI";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        final Set<String> variants = new LinkedHashSet<>();
        rows.forEach(row -> variants.add(row.variant()));
        final List<String> described = new ArrayList<>();
        MpiRuns.VARIANTS.stream().filter(variant -> variants.contains(variant.name()))
            .forEach(variant -> described.add("**" + variant.name() + "**: " + variant.description()));
        markdown.paragraph("`experiments/programs/mpi/mpi_bench.c` on " + MpiRuns.RANKS + " ranks, built with " +
            "`mpicc -O2` and `wabric cc -O2`. Every timed iteration is one sample (rank 0's " +
            "`clock_gettime(CLOCK_MONOTONIC)` around the call; ping-pong: half a round trip; collectives: one call, " +
            "started after an untimed barrier), after untimed iterations lasting at least " +
            MpiExperiment.FULL_WARMUP_MS + " ms per size (" + MpiExperiment.QUICK_WARMUP_MS + " ms in a quick run) " +
            "and " +
            "ten times as long before the first size, and at least ten per timed iteration (which matters for the " +
            "largest sizes), the same in every variant, so that the JVM's just-in-time " +
            "compiler (whose threads compete with the ranks for the 2 cores in its first seconds) is done before " +
            "a size is timed; samples from all rounds " +
            "go into one HdrHistogram per variant and size. Cells are the median in microseconds with the 99th " +
            "percentile in brackets. Variants:");
        markdown.bullets(described);
        for (final MpiExperiment experiment : experiments)
        {
            final List<Measurement> testRows = rows.stream()
                .filter(row -> row.experiment().equals(experiment.name())).toList();
            if (!testRows.isEmpty())
            {
                writeTest(experiment, testRows, variants, markdown, plots);
            }
        }
    }

    private static void writeTest(final MpiExperiment experiment, final List<Measurement> rows,
        final Set<String> variants, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(3, experiment.name());
        markdown.paragraph(experiment.description() + ".");
        final boolean pingpong = experiment.name().equals("mpi-pingpong");
        final Set<Long> sizes = new LinkedHashSet<>();
        rows.forEach(row -> sizes.add(row.size()));
        final Map<String, Measurement> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(row.variant() + "/" + row.size(), row));
        final List<String> headers = new ArrayList<>(List.of(">size"));
        variants.forEach(variant -> headers.add(">" + variant + " us"));
        variants.stream().filter(variant -> !variant.equals(MpiRuns.NATIVE))
            .forEach(variant -> headers.add(">" + variant + " / native"));
        final List<String> secondReferenced = variants.stream()
            .filter(variant -> MpiRuns.secondReference(variant).filter(variants::contains).isPresent()).toList();
        secondReferenced.forEach(variant ->
            headers.add(">" + variant + " / " + MpiRuns.secondReference(variant).orElseThrow()));
        if (pingpong)
        {
            variants.forEach(variant -> headers.add(">" + variant + " MB/s"));
        }
        final List<List<String>> table = new ArrayList<>();
        for (final long size : sizes)
        {
            final List<String> cells = new ArrayList<>();
            cells.add(size == Measurement.NO_SIZE ? "-" : bytes(size));
            for (final String variant : variants)
            {
                final Measurement row = byKey.get(variant + "/" + size);
                cells.add(row == null ? "" : Markdown.number(row.summary().median()) + " (" +
                    Markdown.number(row.summary().p99()) + ")");
            }
            final Measurement nativeRow = byKey.get(MpiRuns.NATIVE + "/" + size);
            for (final String variant : variants)
            {
                if (variant.equals(MpiRuns.NATIVE))
                {
                    continue;
                }
                final Measurement row = byKey.get(variant + "/" + size);
                cells.add(row == null || nativeRow == null ? "" :
                    Markdown.number(row.summary().median() / nativeRow.summary().median()) + "x");
            }
            for (final String variant : secondReferenced)
            {
                final Measurement row = byKey.get(variant + "/" + size);
                final Measurement reference = byKey.get(MpiRuns.secondReference(variant).orElseThrow() + "/" + size);
                cells.add(row == null || reference == null ? "" :
                    Markdown.number(row.summary().median() / reference.summary().median()) + "x");
            }
            if (pingpong)
            {
                for (final String variant : variants)
                {
                    final Measurement row = byKey.get(variant + "/" + size);
                    cells.add(row == null ? "" : Markdown.number(size / row.summary().median()));
                }
            }
            table.add(cells);
        }
        markdown.table(headers, table);
        if (sizes.size() > 1)
        {
            final Map<String, double[][]> series = new LinkedHashMap<>();
            for (final String variant : variants)
            {
                final List<Measurement> variantRows = rows.stream().filter(row -> row.variant().equals(variant) &&
                    row.hasSize()).toList();
                if (variantRows.isEmpty())
                {
                    continue;
                }
                final double[][] points = new double[2][variantRows.size()];
                for (int i = 0; i < variantRows.size(); i++)
                {
                    points[0][i] = variantRows.get(i).size();
                    points[1][i] = Math.max(1e-3, variantRows.get(i).summary().median());
                }
                series.put(variant, points);
            }
            markdown.image(experiment.name() + " median latency against size", plots.lines(experiment.name(),
                experiment.name() + ": median latency, " + MpiRuns.RANKS + " ranks", "message size (bytes)",
                "us", true, series));
        }
    }

    private static String bytes(final long size)
    {
        if (size >= 1 << 20 && size % (1 << 20) == 0)
        {
            return (size >> 20) + " MiB";
        }
        if (size >= 1 << 10 && size % (1 << 10) == 0)
        {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }
}
