/**
 * Messaging between the processes of one job over Aeron: an embedded media driver per machine, IPC within a
 * machine and UDP across machines, one subscription per receiving process, framed and chunked messages, back
 * pressure and peer liveness; long messages between processes of one machine stream through shared-memory rings
 * ({@link io.wabric.transport.SharedMemoryRing}) instead of the Aeron log.
 */
package io.wabric.transport;
