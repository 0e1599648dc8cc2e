package io.wabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the fixed 40-byte little-endian header in front of every frame's payload:
 *
 * <pre>
 *   0 type          u8   what the frame is (see the TYPE_ constants)
 *   1 flags         u8   type-specific bits, e.g. FLAG_SYNC
 *   2 sourceProcess u16  the sending process's index
 *   4 contextId     i32  the message's matching context
 *   8 source        i32  the sender's rank (in the message's communicator)
 *  12 destination   i32  the receiver (a world rank)
 *  16 tag           i32  the message tag, or a type-specific value
 *  20 totalLength   i32  bytes of the whole message, over all chunks
 *  24 sequence      i64  unique per sending process; chunks of one message share it
 *  32 chunkOffset   i32  where this chunk's payload starts within the message
 *  36 sourceWorld   i32  the sender's world rank
 * </pre>
 *
 * Wrap once, reuse for every frame: no allocation per message.
 */
public final class FrameHeader
{
    /** Header size in bytes; the payload follows. */
    public static final int LENGTH = 40;
    /** A message for a rank. */
    public static final byte TYPE_DATA = 1;
    /** The receiver matched a synchronous send: {@code sequence} names it, {@code destination} is its sender. */
    public static final byte TYPE_ACK = 2;
    /** The sending process's job failed: {@code tag} is the exit status, {@code source} the rank, payload UTF-8. */
    public static final byte TYPE_FAIL = 3;
    /** The sending process's ranks all finished; no data follows from it. */
    public static final byte TYPE_DONE = 4;
    /** Liveness only; consumed by the transport. */
    public static final byte TYPE_HEARTBEAT = 5;
    /** On DATA: the sender waits for an ACK (MPI_Ssend). */
    public static final byte FLAG_SYNC = 1;
    /**
     * On DATA: the payload does not follow the header but streams, {@code totalLength} bytes, through the shared-memory
     * ring from the sending process (IPC only); the frame itself carries none.
     */
    public static final byte FLAG_BULK = 2;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int TYPE_OFFSET = 0;
    private static final int FLAGS_OFFSET = 1;
    private static final int SOURCE_PROCESS_OFFSET = 2;
    private static final int CONTEXT_OFFSET = 4;
    private static final int SOURCE_OFFSET = 8;
    private static final int DESTINATION_OFFSET = 12;
    private static final int TAG_OFFSET = 16;
    private static final int TOTAL_LENGTH_OFFSET = 20;
    private static final int SEQUENCE_OFFSET = 24;
    private static final int CHUNK_OFFSET_OFFSET = 32;
    private static final int SOURCE_WORLD_OFFSET = 36;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /**
     * Points the flyweight at a header to read.
     *
     * @param buffer the frame.
     * @param offset where its header starts.
     * @return this.
     */
    public FrameHeader wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        return this;
    }

    /**
     * Writes a whole header.
     *
     * @return this.
     */
    public FrameHeader write(final MutableDirectBuffer target, final int at, final byte type, final byte flags,
        final int sourceProcess, final int contextId, final int source, final int destination, final int tag,
        final int totalLength, final long sequence, final int chunkOffset, final int sourceWorld)
    {
        wrap(target, at);
        target.putByte(at + TYPE_OFFSET, type);
        target.putByte(at + FLAGS_OFFSET, flags);
        target.putShort(at + SOURCE_PROCESS_OFFSET, (short)sourceProcess, ORDER);
        target.putInt(at + CONTEXT_OFFSET, contextId, ORDER);
        target.putInt(at + SOURCE_OFFSET, source, ORDER);
        target.putInt(at + DESTINATION_OFFSET, destination, ORDER);
        target.putInt(at + TAG_OFFSET, tag, ORDER);
        target.putInt(at + TOTAL_LENGTH_OFFSET, totalLength, ORDER);
        target.putLong(at + SEQUENCE_OFFSET, sequence, ORDER);
        target.putInt(at + CHUNK_OFFSET_OFFSET, chunkOffset, ORDER);
        target.putInt(at + SOURCE_WORLD_OFFSET, sourceWorld, ORDER);
        return this;
    }

    /**
     * Rewrites the chunk offset of a wrapped, writable header.
     *
     * @param chunkOffset the new offset.
     */
    public void chunkOffset(final int chunkOffset)
    {
        mutable.putInt(offset + CHUNK_OFFSET_OFFSET, chunkOffset, ORDER);
    }

    /**
     * @return the frame type.
     */
    public byte type()
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    /**
     * @return the flags.
     */
    public byte flags()
    {
        return buffer.getByte(offset + FLAGS_OFFSET);
    }

    /**
     * @return the sending process's index.
     */
    public int sourceProcess()
    {
        return buffer.getShort(offset + SOURCE_PROCESS_OFFSET, ORDER) & 0xFFFF;
    }

    /**
     * @return the matching context.
     */
    public int contextId()
    {
        return buffer.getInt(offset + CONTEXT_OFFSET, ORDER);
    }

    /**
     * @return the sender's rank in the communicator.
     */
    public int source()
    {
        return buffer.getInt(offset + SOURCE_OFFSET, ORDER);
    }

    /**
     * @return the receiving world rank.
     */
    public int destination()
    {
        return buffer.getInt(offset + DESTINATION_OFFSET, ORDER);
    }

    /**
     * @return the tag.
     */
    public int tag()
    {
        return buffer.getInt(offset + TAG_OFFSET, ORDER);
    }

    /**
     * @return the whole message's length in bytes.
     */
    public int totalLength()
    {
        return buffer.getInt(offset + TOTAL_LENGTH_OFFSET, ORDER);
    }

    /**
     * @return the sending process's sequence number of the message.
     */
    public long sequence()
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, ORDER);
    }

    /**
     * @return where this chunk starts within the message.
     */
    public int chunkOffset()
    {
        return buffer.getInt(offset + CHUNK_OFFSET_OFFSET, ORDER);
    }

    /**
     * @return the sender's world rank.
     */
    public int sourceWorld()
    {
        return buffer.getInt(offset + SOURCE_WORLD_OFFSET, ORDER);
    }
}
