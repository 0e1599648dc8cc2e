package io.wabric.snapshot.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.wabric.snapshot.wire.DiffDescriptor.BASE_PAGES_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.FLAGS_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.FRAME_LENGTH_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.HEADER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.MAGIC;
import static io.wabric.snapshot.wire.DiffDescriptor.MAGIC_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_COUNT_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_HEADER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_LENGTH_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_OFFSET_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.TARGET_PAGES_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.TRAILER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.VERSION;
import static io.wabric.snapshot.wire.DiffDescriptor.VERSION_OFFSET;

/**
 * Writes one diff frame ({@link DiffDescriptor}) into a buffer: {@link #wrap}, {@link #begin}, {@link #run} per
 * changed byte run in ascending order, {@link #finish}. A run that starts where the previous one ended extends it,
 * so runs split only by a page boundary come out as one. Reuse one encoder over an
 * {@link org.agrona.ExpandableArrayBuffer}: after the buffer has grown to the largest diff, encoding allocates
 * nothing.
 *
 * <pre>{@code
 * encoder.wrap(buffer, 0).begin(basePages, targetPages);
 * encoder.run(offset, bytes, index, length);
 * int frameLength = encoder.finish();
 * }</pre>
 */
public final class DiffEncoder
{
    private final FrameChecksum checksum = new FrameChecksum();
    private MutableDirectBuffer buffer;
    private int frameOffset;
    private int position;
    private int runCount;
    private int lastRunIndex;
    private long lastRunEnd = -1;
    private long limitBytes;

    /**
     * @param buffer where the frame goes; an expandable buffer grows as needed.
     * @param offset where in the buffer the frame starts.
     * @return this.
     */
    public DiffEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.frameOffset = offset;
        return this;
    }

    /**
     * Starts a frame.
     *
     * @param basePages   pages of the memory the diff applies to.
     * @param targetPages pages of the memory it produces, at least {@code basePages}.
     * @return this.
     */
    public DiffEncoder begin(final int basePages, final int targetPages)
    {
        if (basePages < 0 || targetPages < basePages)
        {
            throw new IllegalArgumentException("basePages=" + basePages + " targetPages=" + targetPages +
                ": memories only grow, so targetPages must be >= basePages >= 0");
        }
        buffer.putInt(frameOffset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(frameOffset + VERSION_OFFSET, VERSION, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(frameOffset + FLAGS_OFFSET, (short)0, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(frameOffset + BASE_PAGES_OFFSET, basePages, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(frameOffset + TARGET_PAGES_OFFSET, targetPages, ByteOrder.LITTLE_ENDIAN);
        position = frameOffset + HEADER_LENGTH;
        runCount = 0;
        lastRunEnd = -1;
        limitBytes = (long)targetPages * 65536;
        return this;
    }

    /**
     * Appends a changed run; runs must come in ascending order of offset and must not overlap.
     *
     * @param memoryOffset where the run begins in memory.
     * @param source       the run's new bytes.
     * @param sourceIndex  where in {@code source} they begin.
     * @param length       the run's length, at least 1.
     * @return this.
     */
    public DiffEncoder run(final int memoryOffset, final byte[] source, final int sourceIndex, final int length)
    {
        if (length <= 0 || memoryOffset < 0 || memoryOffset < lastRunEnd || memoryOffset + (long)length > limitBytes)
        {
            throw new IllegalArgumentException("run at offset " + memoryOffset + " length " + length +
                ": runs must be non-empty, ascending, non-overlapping and inside the target memory of " + limitBytes +
                " bytes (previous run ended at " + lastRunEnd + ")");
        }
        if (memoryOffset == lastRunEnd)
        {
            final int lengthIndex = lastRunIndex + RUN_LENGTH_OFFSET;
            buffer.putInt(lengthIndex, buffer.getInt(lengthIndex, ByteOrder.LITTLE_ENDIAN) + length,
                ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            lastRunIndex = position;
            buffer.putInt(position + RUN_OFFSET_OFFSET, memoryOffset, ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(position + RUN_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
            position += RUN_HEADER_LENGTH;
            runCount++;
        }
        buffer.putBytes(position, source, sourceIndex, length);
        position += length;
        lastRunEnd = memoryOffset + (long)length;
        return this;
    }

    /**
     * Writes the run count, the frame length and the checksum.
     *
     * @return the frame's length in bytes.
     */
    public int finish()
    {
        final int frameLength = position + TRAILER_LENGTH - frameOffset;
        buffer.putInt(frameOffset + RUN_COUNT_OFFSET, runCount, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(frameOffset + FRAME_LENGTH_OFFSET, frameLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(position, checksum.compute(buffer, frameOffset, frameLength - TRAILER_LENGTH),
            ByteOrder.LITTLE_ENDIAN);
        return frameLength;
    }

    /**
     * @return runs written so far in this frame.
     */
    public int runCount()
    {
        return runCount;
    }
}
