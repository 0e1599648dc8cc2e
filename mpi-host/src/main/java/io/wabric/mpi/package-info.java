/**
 * Wabric's MPI: a host feature implementing MPI-3.1 for guests built with {@code wabric cc}, ranks as Faaslets.
 */
package io.wabric.mpi;
