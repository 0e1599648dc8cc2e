/**
 * Diffs of linear memory against a snapshot: the exact changed byte runs, found with vectorised compares, and
 * their application to a memory in the snapshot's state.
 */
package io.wabric.snapshot.diff;
