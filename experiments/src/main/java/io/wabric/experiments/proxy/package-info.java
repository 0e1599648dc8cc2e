/**
 * The proxy application: a hybrid MPI + OpenMP heat-diffusion solver, natively and on Wabric, with its
 * verification value compared.
 */
package io.wabric.experiments.proxy;
