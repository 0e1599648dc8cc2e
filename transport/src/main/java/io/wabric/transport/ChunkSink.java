package io.wabric.transport;

import org.agrona.DirectBuffer;

/**
 * Where the chunks of one long message go as they arrive, when its receiver is known before the message is whole:
 * each chunk is copied once, straight from the log to its final place, while the sender is still writing the next
 * ones. Without a sink the transport reassembles the message into an array first (a second copy that cannot overlap
 * with the sender).
 *
 * <p>Called on the thread that polls the transport, one chunk at a time, in the order the chunks were sent.
 */
public interface ChunkSink
{
    /**
     * One chunk arrived.
     *
     * @param buffer        holds the chunk; valid only during the call.
     * @param offset        the chunk's first byte in {@code buffer}.
     * @param length        the chunk's length in bytes.
     * @param messageOffset where the chunk starts within the message.
     */
    void onChunk(DirectBuffer buffer, int offset, int length, int messageOffset);

    /**
     * Every chunk has arrived; the sink is not called again for this message.
     *
     * @param header the last chunk's header (type, addressing and total length as in the first).
     */
    void onComplete(FrameHeader header);
}
