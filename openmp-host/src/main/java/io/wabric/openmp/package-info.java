/**
 * OpenMP for Wabric guests: the libomp ABI clang emits for {@code -fopenmp}, implemented on the host.
 *
 * <p>Shared mode: a team's threads are pooled Java threads, each running its own instance of the module over the
 * program's one linear memory, with its own Wasm stack carved from the guest heap. Fork mode
 * ({@link io.wabric.openmp.fork}) runs the same classes with each thread on a private memory,
 * through the hooks of {@code ForkBridge}.
 */
package io.wabric.openmp;
