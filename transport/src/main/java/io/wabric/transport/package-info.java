/**
 * Messaging between the processes of one job over Aeron: an embedded media driver per machine, IPC within a
 * machine and UDP across machines, one subscription per receiving process, framed and chunked messages, back
 * pressure and peer liveness.
 */
package io.wabric.transport;
