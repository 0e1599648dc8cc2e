/**
 * A job's ranks in one JVM: per-rank state and handle tables, and the job's failure state.
 */
package io.wabric.mpi.world;
