/**
 * Communicators, groups and Cartesian topologies as one rank sees them.
 */
package io.wabric.mpi.comm;
