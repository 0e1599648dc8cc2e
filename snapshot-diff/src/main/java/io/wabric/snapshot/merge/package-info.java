/**
 * Merging several forks' diffs of one snapshot: typed regions (sum, product, max ... of int, long, float, double)
 * combine every fork's change; everything else merges byte by byte, where two forks writing one byte differently is
 * a conflict reported with its offset and resolved only as the caller allows.
 */
package io.wabric.snapshot.merge;
