/**
 * Reduction operations: the predefined ones applied to packed elements, and user functions called through the
 * guest's function table.
 */
package io.wabric.mpi.op;
