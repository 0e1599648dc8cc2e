/**
 * {@code wabric bench}: the harness that measures Wabric against native code. {@link
 * io.wabric.experiments.BenchCommand} runs an {@link io.wabric.experiments.ExperimentPlan} chosen from the {@link
 * io.wabric.experiments.ExperimentCatalogue}; each {@link io.wabric.experiments.Experiment} builds its programs with
 * gcc and with {@code wabric cc}, runs them interleaved and adds measurements; the report package writes them out.
 */
package io.wabric.experiments;
