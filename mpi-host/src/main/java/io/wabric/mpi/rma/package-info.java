/**
 * One-sided communication (MPI windows): Put, Get and Accumulate with fence and lock/unlock synchronisation, built
 * on point-to-point messages in a hidden communicator so that it works wherever point-to-point does, in one JVM or
 * across processes.
 */
package io.wabric.mpi.rma;
