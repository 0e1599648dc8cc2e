package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;

/**
 * An envelope waiting in a mailbox for its receive: either an eager copy of the data, or, for rendezvous, a
 * reference to the sender's buffer and the send request to complete once the receiver has copied it. A message
 * from another process is always an eager copy; a synchronous one carries the acknowledgement to send when matched.
 */
final class Message
{
    final int contextId;
    final int source;
    final int tag;
    final int length;
    final byte[] eager;
    final DataRef rendezvous;
    final Request sendRequest;
    final SyncAck remoteAck;

    Message(final int contextId, final int source, final int tag, final int length, final byte[] eager,
        final DataRef rendezvous, final Request sendRequest)
    {
        this(contextId, source, tag, length, eager, rendezvous, sendRequest, null);
    }

    Message(final int contextId, final int source, final int tag, final int length, final byte[] eager,
        final DataRef rendezvous, final Request sendRequest, final SyncAck remoteAck)
    {
        this.remoteAck = remoteAck;
        this.contextId = contextId;
        this.source = source;
        this.tag = tag;
        this.length = length;
        this.eager = eager;
        this.rendezvous = rendezvous;
        this.sendRequest = sendRequest;
    }

    DataRef data()
    {
        return eager != null ? DataRef.host(eager) : rendezvous;
    }
}
