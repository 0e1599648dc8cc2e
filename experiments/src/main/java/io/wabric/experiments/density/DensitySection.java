package io.wabric.experiments.density;

import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instance-density table: instances in 1 GiB, live heap per instance and time to create one.
 */
public final class DensitySection implements ReportSection
{
    private static final Map<String, String> MEANINGS = Map.of(
        "hello-instances", "idle Faaslets of hello.wasm held at once in a 1 GiB heap",
        "hello-heap-per-instance", "live heap per instance (after a full GC, all instances held)",
        "hello-create", "time to instantiate one (link, build memory, write data segments)");

    @Override
    public String group()
    {
        return DensityExperiment.GROUP;
    }

    @Override
    public String title()
    {
        return "Instance density";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        markdown.paragraph("A child JVM with `-Xmx1g` (`io.wabric.experiments.density.DensityProbe`) compiles " +
            "`examples/hello.c` (built by `wabric cc -O2`) once, then creates `Faaslet`s of it (imports linked, " +
            "linear memory allocated, data segments written, nothing run) and holds them all until the heap is " +
            "full or " + DensityExperiment.CAP + " exist. A Faaslet's linear memory is a plain `byte[]` of the " +
            "module's initial size, allocated eagerly: `wabric cc` gives every module a 1 MiB stack, so hello starts " +
            "with 17 pages (1.06 MiB) of linear memory; the heap per instance below is everything an idle instance " +
            "keeps alive. The creation time is the average over all instances, including the garbage collections " +
            "as the heap fills.");
        final List<List<String>> table = new ArrayList<>();
        for (final Measurement row : rows)
        {
            table.add(List.of(MEANINGS.getOrDefault(row.experiment(), row.experiment()),
                Markdown.number(row.summary().median()), row.unit()));
        }
        markdown.table(List.of("what", ">value", "unit"), table);
    }
}
