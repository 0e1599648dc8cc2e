/**
 * MPI datatypes: predefined ones under their mpi.h handles, derived ones flattened to byte blocks, and references
 * to typed data in guest memory or host arrays that messages copy between.
 */
package io.wabric.mpi.datatype;
