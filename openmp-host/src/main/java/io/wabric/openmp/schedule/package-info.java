/**
 * Loop scheduling for OpenMP worksharing loops: libomp's static partition ({@code __kmpc_for_static_init_*}) and
 * the shared iteration dispensers behind {@code __kmpc_dispatch_*} (dynamic, guided, runtime, auto, ordered).
 */
package io.wabric.openmp.schedule;
