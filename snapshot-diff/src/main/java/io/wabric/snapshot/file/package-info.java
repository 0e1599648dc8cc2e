/**
 * Guest snapshots (memory, globals, merge regions, the module's digest) and their file format, for pre-initialised
 * starts: {@code wabric snapshot create} writes one, {@code wabric run --snapshot} starts from it.
 */
package io.wabric.snapshot.file;
