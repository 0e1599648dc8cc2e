/**
 * The guest ABI of Wabric's MPI: every function mpi.h declares, bound per rank as {@code env} imports that resolve
 * integer handles, validate arguments and call the concept packages.
 */
package io.wabric.mpi.abi;
