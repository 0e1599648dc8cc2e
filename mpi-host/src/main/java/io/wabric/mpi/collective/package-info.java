/**
 * Collective operations built on point-to-point messages in a separate context.
 */
package io.wabric.mpi.collective;
