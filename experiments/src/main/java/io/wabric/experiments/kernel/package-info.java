/**
 * Serial compute kernels (C programs in {@code experiments/programs/kernels/}) measured natively and on Wabric, and
 * their report section.
 */
package io.wabric.experiments.kernel;
