/**
 * What a bench run measured: {@link io.wabric.experiments.result.Summary} statistics of samples,
 * {@link io.wabric.experiments.result.Measurement} rows and the {@link io.wabric.experiments.result.Results} of
 * a whole run.
 */
package io.wabric.experiments.result;
