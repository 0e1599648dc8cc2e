/**
 * The binary encoding of a diff: a versioned, checksummed frame of changed byte runs, written and read through
 * flyweights over Agrona buffers so that steady-state encoding and decoding allocate nothing.
 */
package io.wabric.snapshot.wire;
