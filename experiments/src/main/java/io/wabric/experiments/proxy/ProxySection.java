package io.wabric.experiments.proxy;

import io.wabric.experiments.report.Markdown;
import io.wabric.experiments.report.PlotWriter;
import io.wabric.experiments.report.ReportSection;
import io.wabric.experiments.result.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy-application table: milliseconds per sweep per layout (ranks x threads) and variant, with the ratio to
 * native.
 */
public final class ProxySection implements ReportSection
{
    @Override
    public String group()
    {
        return HeatExperiment.GROUP;
    }

    @Override
    public String title()
    {
        return "Proxy application: hybrid heat diffusion";
    }

    @Override
    public void write(final List<Measurement> rows, final Markdown markdown, final PlotWriter plots)
    {
        markdown.heading(2, title());
        markdown.paragraph("`examples/heat_hybrid.c` (the demo's solver): " +
            "an N x N plate split into row blocks per rank, halo rows exchanged with " +
            "`MPI_Sendrecv`, an OpenMP parallel stencil loop and an `MPI_Allreduce(MAX)` per sweep, plate size " +
            rows.get(0).size() + ". Time is rank 0's `MPI_Wtime` over all sweeps divided by the sweeps (for Wabric " +
            "this includes the JIT warming up), median over rounds; its verification value must equal native's. " +
            "Native runs `mpicc -fopenmp -O2` under OpenMPI's `mpirun -x OMP_NUM_THREADS=T` (with `--bind-to none` " +
            "when T > 1, so a rank's team is not pinned to one core); Wabric runs `wabric cc -fopenmp -O2` under " +
            "`wabric mpirun --threads T`, every rank a Faaslet with its own OpenMP team (shared mode), in one JVM " +
            "(**wabric**) or one JVM per rank over Aeron IPC (**wabric-ipc**, layouts of more than one rank). Every " +
            "run must report the ranks x threads it was asked for. 2 x 2 runs 4 threads on 2 cores.");
        final List<List<String>> table = new ArrayList<>();
        final Map<String, Measurement> nativeRows = new LinkedHashMap<>();
        rows.stream().filter(row -> row.variant().equals("native")).forEach(row -> nativeRows.put(row.experiment(), row));
        final List<String> categories = new ArrayList<>();
        final Map<String, List<Double>> series = new LinkedHashMap<>();
        for (final Measurement row : rows)
        {
            final Measurement reference = nativeRows.get(row.experiment());
            table.add(List.of(row.experiment().replace(HeatExperiment.NAME + "-", ""), row.variant(),
                Markdown.number(row.summary().median()) + " (" + Markdown.number(row.summary().p10()) + " to " +
                Markdown.number(row.summary().p90()) + ")",
                reference == null || row == reference ? "" :
                    Markdown.number(row.summary().median() / reference.summary().median()) + "x"));
            final String category = row.experiment().replace(HeatExperiment.NAME + "-", "") + " " + row.variant();
            categories.add(category);
        }
        final List<Double> medians = new ArrayList<>();
        rows.forEach(row -> medians.add(row.summary().median()));
        series.put("ms per sweep", medians);
        markdown.table(List.of("ranks x threads", "variant", ">ms per sweep", ">/ native"), table);
        markdown.image("heat solver time per sweep", plots.bars("proxy-heat", "Hybrid heat solver: ms per sweep " +
            "(lower is better)", "ms", categories, series));
    }
}
