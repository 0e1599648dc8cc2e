package io.wabric.transport;

import org.agrona.DirectBuffer;

/**
 * Receives whole frames (chunks already reassembled) on the transport's receiver thread, in the order each
 * sending thread sent them. The payload is valid only during the call (unless {@code owned}): copy what must
 * outlive it. A handler may send control frames (an ACK, a failure) but never DATA: it may run inside a send that is
 * streaming a long message to the same peer, whose bytes must not be interleaved with another message's.
 */
public interface FrameHandler
{
    /**
     * A frame arrived.
     *
     * @param header        the header; {@link FrameHeader#chunkOffset()} is 0 and the payload is the whole message.
     * @param buffer        holds the payload.
     * @param payloadOffset the payload's first byte.
     * @param payloadLength the payload's length, equal to {@link FrameHeader#totalLength()}.
     * @param owned         true when the message was reassembled from chunks into an array of its own,
     *                      {@code buffer.byteArray()}, holding the payload from index 0 (the array may be longer):
     *                      the handler may keep it instead of copying, and says so by returning true.
     * @return true when the handler kept an owned array (the transport then never reuses it); false otherwise,
     *         and always false when not {@code owned}.
     */
    boolean onFrame(FrameHeader header, DirectBuffer buffer, int payloadOffset, int payloadLength, boolean owned);

    /**
     * The first chunk of a message longer than one chunk arrived: the handler may name where the chunks go as they
     * arrive ({@link ChunkSink}), and then gets no {@link #onFrame} for this message. Returning {@code null} (the
     * default) has the message reassembled and handed to {@link #onFrame} whole.
     *
     * @param header the first chunk's header; {@link FrameHeader#totalLength()} is the whole message's length.
     * @return the sink for this message's chunks, or {@code null}.
     */
    default ChunkSink onLongFrame(final FrameHeader header)
    {
        return null;
    }

    /**
     * A peer stopped sending heartbeats, or the transport failed: the job cannot go on.
     *
     * @param process the peer's index, or -1 when the failure is not a peer's.
     * @param message what happened, one line.
     */
    void onTransportFailure(int process, String message);
}
