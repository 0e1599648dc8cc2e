/**
 * MPI experiments: ping-pong, allreduce, alltoall and barrier with per-iteration latencies summarised by
 * HdrHistogram, natively (OpenMPI) and in each Wabric MPI variant that works in this build.
 */
package io.wabric.experiments.mpi;
