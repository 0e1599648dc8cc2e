/**
 * MPI error classes, the exception carrying one, and job abort signalling.
 */
package io.wabric.mpi.error;
