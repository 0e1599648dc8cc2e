package io.wabric.mpi.p2p;

import io.wabric.transport.FrameHeader;

/**
 * The acknowledgement a synchronous send from another process waits for: sent back when its message is matched.
 */
final class SyncAck
{
    private final RemoteRoute route;
    private final int process;
    private final long sequence;
    private final int senderWorld;

    SyncAck(final RemoteRoute route, final int process, final long sequence, final int senderWorld)
    {
        this.route = route;
        this.process = process;
        this.sequence = sequence;
        this.senderWorld = senderWorld;
    }

    void send()
    {
        route.sendControl(process, FrameHeader.TYPE_ACK, 0, senderWorld, 0, sequence, null);
    }
}
