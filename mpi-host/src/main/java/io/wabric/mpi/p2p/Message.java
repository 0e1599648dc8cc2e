package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;

/**
 * An envelope waiting in a mailbox for its receive: either an eager copy of the data, or, for rendezvous, a
 * reference to the sender's buffer and the send request to complete once the receiver has copied it. A message
 * from another process is always an eager copy; a synchronous one carries the acknowledgement to send when matched.
 *
 * <p>Envelopes and their eager buffers are recycled by the {@link Mailbox} that queued them, under its lock; the
 * eager buffer is at least {@link #length} bytes long (a size class), so only its first {@code length} bytes count.
 */
final class Message
{
    int contextId;
    int source;
    int tag;
    int length;
    byte[] eager;
    boolean pooledEager;
    DataRef rendezvous;
    Request sendRequest;
    SyncAck remoteAck;

    Message init(final int contextId, final int source, final int tag, final int length, final byte[] eager,
        final boolean pooledEager, final DataRef rendezvous, final Request sendRequest, final SyncAck remoteAck)
    {
        this.contextId = contextId;
        this.source = source;
        this.tag = tag;
        this.length = length;
        this.eager = eager;
        this.pooledEager = pooledEager;
        this.rendezvous = rendezvous;
        this.sendRequest = sendRequest;
        this.remoteAck = remoteAck;
        return this;
    }

    void clear()
    {
        eager = null;
        pooledEager = false;
        rendezvous = null;
        sendRequest = null;
        remoteAck = null;
    }
}
