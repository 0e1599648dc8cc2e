/**
 * The guest's view of merge regions: Faasm's {@code __faasm_sm_reduce}, recording reduction variables in the
 * Faaslet's context for the launcher that forks and merges.
 */
package io.wabric.snapshot.host;
