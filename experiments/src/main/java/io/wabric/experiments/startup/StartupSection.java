package io.wabric.experiments.startup;

import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up table: wall-clock time of each start variant, median and spread.
 */
public final class StartupSection implements ReportSection
{
    private static final Map<String, String> MEANINGS = Map.of(
        "hello/" + StartupExperiment.NATIVE, "the gcc-built executable: the floor",
        "hello/" + StartupExperiment.COLD, "`wabric run hello.wasm` with an empty compile cache: JVM start, parse, " +
            "compile to JVM bytecode, run",
        "hello/" + StartupExperiment.WARM, "the same command again, loading the compiled classes from the cache",
        SnapshotStartExperiment.PROGRAM + "/" + SnapshotStartExperiment.NATIVE, "the gcc-built executable, running " +
            "`init` (48 MiB of tables) then answering",
        SnapshotStartExperiment.PROGRAM + "/" + SnapshotStartExperiment.WARM, "`wabric run` with a warm cache; " +
            "`main` runs `init` itself",
        SnapshotStartExperiment.PROGRAM + "/" + SnapshotStartExperiment.SNAPSHOT, "`wabric run --snapshot`: memory " +
            "and globals restored as `init` left them, then `main`");

    @Override
    public String group()
    {
        return StartupExperiment.GROUP;
    }

    @Override
    public String title()
    {
        return "Start-up";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        markdown.paragraph("Wall-clock time from starting the process to its exit for `examples/hello.c`, measured by " +
            "the harness, variants interleaved run by run. Each cold run gets a fresh `WABRIC_CACHE_DIR`; the warm " +
            "run that follows reuses it. The `bin/wabric` launcher's build check is skipped (`WABRIC_SKIP_BUILD=1`). " +
            "The pre-initialised start uses `tests/snapshot/costly_init.c`, whose exported `init` fills lookup " +
            "tables; its snapshot is made once by `wabric snapshot create --init init`, and every variant must print " +
            "the same answer.");
        final List<List<String>> table = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<Double> medians = new ArrayList<>();
        for (final Measurement row : rows)
        {
            table.add(List.of(row.experiment(), row.variant(),
                MEANINGS.getOrDefault(row.experiment() + "/" + row.variant(), ""),
                Markdown.number(row.summary().median()), Markdown.number(row.summary().p10()),
                Markdown.number(row.summary().p90()), Integer.toString(row.summary().count())));
            names.add(row.experiment() + " " + row.variant());
            medians.add(row.summary().median());
        }
        markdown.table(List.of("program", "variant", "what starts", ">median ms", ">p10 ms", ">p90 ms", ">runs"), table);
        final Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("median start-to-exit", medians);
        markdown.image("start-up times", plots.bars("startup", "Start-up (process start to exit)",
            "ms", names, series));
    }
}
