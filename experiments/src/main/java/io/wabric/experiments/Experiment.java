package io.wabric.experiments;

import io.wabric.experiments.result.Results;

/**
 * One thing {@code wabric bench} measures, selectable by name with {@code --only}.
 *
 * <p>Adding an experiment: implement this (build the programs through {@link BenchContext#nativeBuild()} and
 * {@link BenchContext#wabricBuild()}, run them interleaved, add one {@link io.wabric.experiments.result.Measurement}
 * per variant and configuration), list it in {@link ExperimentCatalogue}, and give its group a
 * {@link io.wabric.experiments.report.ReportSection} there if it needs a table of its own.
 */
public interface Experiment
{
    /**
     * @return the name used by {@code --only} and in results, e.g. {@code matmul}.
     */
    String name();

    /**
     * @return the report section the results go to, e.g. {@code kernels}.
     */
    String group();

    /**
     * @return one line saying what is measured, for {@code --list} and progress.
     */
    String description();

    /**
     * Builds, runs and measures; throws to report the experiment as failed (other experiments still run).
     *
     * @param context the run's settings, builds and progress.
     * @param results where measurements go.
     */
    void run(BenchContext context, Results results);
}
