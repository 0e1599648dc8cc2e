/**
 * Launching an MPI job: ranks as Faaslets on their own threads, output forwarding, failure and time-out handling.
 */
package io.wabric.mpi.job;
