/**
 * OpenMP experiments: kernels at 1 and 2 threads and EPCC-style overheads, natively (libgomp) and in each Wabric
 * OpenMP mode that works in this build.
 */
package io.wabric.experiments.openmp;
