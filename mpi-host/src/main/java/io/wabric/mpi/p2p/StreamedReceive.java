package io.wabric.mpi.p2p;

import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import io.wabric.transport.ChunkSink;
import io.wabric.transport.FrameHeader;
import org.agrona.DirectBuffer;

/**
 * A long message from another process whose receive was already posted when its first chunk arrived: each chunk
 * is copied from the transport's log straight into the receiver's memory as it arrives (while the sender writes
 * the next), and the receive completes with the last. One copy on the receiving side instead of two (reassembly,
 * then delivery), and that copy overlaps the sender's.
 *
 * <p>Only a receive whose buffer is one contiguous run long enough for the whole message streams: others (derived
 * datatypes, a truncating receive) take the reassembled path, which packs and reports truncation.
 */
final class StreamedReceive implements ChunkSink
{
    private final RemoteRoute route;
    private Request receive;
    private int source;
    private int tag;
    private boolean synchronous;

    StreamedReceive(final RemoteRoute route)
    {
        this.route = route;
    }

    /**
     * @param receive     the matched receive, taken from the posted queue.
     * @param source      the sender's rank in the communicator.
     * @param tag         the message's tag.
     * @param synchronous whether the sender waits for an ACK.
     * @return this.
     */
    StreamedReceive init(final Request receive, final int source, final int tag, final boolean synchronous)
    {
        this.receive = receive;
        this.source = source;
        this.tag = tag;
        this.synchronous = synchronous;
        return this;
    }

    @Override
    public void onChunk(final DirectBuffer buffer, final int offset, final int length, final int messageOffset)
    {
        // the array is looked up per chunk, and the chunk copied again if the receiver's memory grew (and moved)
        // while it was copied: the transport's thread writes while the guest may run
        PointToPoint.land(buffer, offset, receive.buffer(), messageOffset, length);
    }

    @Override
    public void onComplete(final FrameHeader header)
    {
        final Request done = receive;
        receive = null;
        if (synchronous)
        {
            route.sendControl(header.sourceProcess(), FrameHeader.TYPE_ACK, 0, header.sourceWorld(), 0,
                header.sequence(), null);
        }
        route.recycle(this);
        done.complete(source, tag, header.totalLength(), MpiError.SUCCESS, "");
    }
}
