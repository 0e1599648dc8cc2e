package io.wabric.snapshot.wire;

import io.wabric.snapshot.SnapshotException;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

import static io.wabric.snapshot.wire.DiffDescriptor.BASE_PAGES_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.FLAGS_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.FRAME_LENGTH_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.HEADER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.MAGIC;
import static io.wabric.snapshot.wire.DiffDescriptor.MAGIC_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.MIN_FRAME_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_COUNT_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_HEADER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_LENGTH_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.RUN_OFFSET_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.TARGET_PAGES_OFFSET;
import static io.wabric.snapshot.wire.DiffDescriptor.TRAILER_LENGTH;
import static io.wabric.snapshot.wire.DiffDescriptor.VERSION;
import static io.wabric.snapshot.wire.DiffDescriptor.VERSION_OFFSET;

/**
 * Reads a diff frame ({@link DiffDescriptor}) in place. {@link #wrap} validates the whole frame first (magic,
 * version, lengths, checksum, every run's bounds and order), so a corrupt or truncated frame is rejected before
 * any run is read, never applied in part. Then a cursor walks the runs without allocating:
 *
 * <pre>{@code
 * decoder.wrap(buffer, offset, length);
 * while (decoder.nextRun())
 * {
 *     memory.write(decoder.runOffset(), ..., decoder.runDataIndex(), decoder.runLength());
 * }
 * }</pre>
 */
public final class DiffDecoder
{
    private final FrameChecksum checksum = new FrameChecksum();
    private DirectBuffer buffer;
    private int frameOffset;
    private int frameLength;
    private int cursor;
    private int runsLeft;
    private int runOffset;
    private int runLength;
    private int runDataIndex;

    /**
     * Validates a frame and positions the cursor before its first run.
     *
     * @param buffer    holds the frame.
     * @param offset    where the frame starts.
     * @param available bytes of the buffer from {@code offset} that may belong to the frame.
     * @return this.
     * @throws SnapshotException naming the fault when the frame is corrupt, truncated or of another version.
     */
    public DiffDecoder wrap(final DirectBuffer buffer, final int offset, final int available)
    {
        this.buffer = null;
        if (available < MIN_FRAME_LENGTH)
        {
            throw new SnapshotException("diff frame truncated: " + available + " bytes available, a frame has at least " +
                MIN_FRAME_LENGTH);
        }
        final int magic = buffer.getInt(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC)
        {
            throw new SnapshotException("not a diff frame: magic 0x" + Integer.toHexString(magic) + " at offset " +
                offset + ", expected 0x" + Integer.toHexString(MAGIC));
        }
        final short version = buffer.getShort(offset + VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (version != VERSION)
        {
            throw new SnapshotException("diff frame version " + version + " is not supported (this build reads " +
                "version " + VERSION + "): produce and apply diffs with the same Wabric release");
        }
        final short flags = buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int length = buffer.getInt(offset + FRAME_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (length < MIN_FRAME_LENGTH || length > available)
        {
            throw new SnapshotException("diff frame truncated or corrupt: header says " + length + " bytes, " +
                available + " available");
        }
        final int stored = buffer.getInt(offset + length - TRAILER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        final int computed = checksum.compute(buffer, offset, length - TRAILER_LENGTH);
        if (stored != computed)
        {
            throw new SnapshotException("diff frame corrupt: CRC-32C 0x" + Integer.toHexString(computed) +
                " does not match the stored 0x" + Integer.toHexString(stored) + " (frame of " + length + " bytes)");
        }
        if (flags != 0)
        {
            throw new SnapshotException("diff frame has unknown flags 0x" + Integer.toHexString(flags & 0xFFFF));
        }
        final int basePages = buffer.getInt(offset + BASE_PAGES_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int targetPages = buffer.getInt(offset + TARGET_PAGES_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (basePages < 0 || targetPages < basePages || targetPages > 65536)
        {
            throw new SnapshotException("diff frame corrupt: base " + basePages + " pages, target " + targetPages +
                " pages");
        }
        validateRuns(buffer, offset, length, (long)targetPages << 16);
        this.buffer = buffer;
        this.frameOffset = offset;
        this.frameLength = length;
        rewind();
        return this;
    }

    /**
     * Positions the cursor before the first run of a frame that a {@link DiffEncoder} of this process wrote and
     * nothing has touched since, without {@link #wrap}'s validation. Why: validating reads every run header and
     * checksums every byte, a pass as long as applying the diff; a frame that never left the process (a fork-mode
     * OpenMP thread's diff, merged by another thread of the same JVM) cannot have been corrupted in transit. Frames
     * read from a file or the network go through {@link #wrap}.
     *
     * @param buffer holds the frame.
     * @param offset where the frame starts.
     * @param length the frame's length, as {@link DiffEncoder#finish()} returned it.
     * @return this.
     */
    public DiffDecoder wrapOwn(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.frameOffset = offset;
        this.frameLength = length;
        rewind();
        return this;
    }

    private static void validateRuns(final DirectBuffer buffer, final int offset, final int length, final long limit)
    {
        final int runCount = buffer.getInt(offset + RUN_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int end = offset + length - TRAILER_LENGTH;
        int position = offset + HEADER_LENGTH;
        long previousEnd = -1;
        for (int i = 0; i < runCount; i++)
        {
            if (position + RUN_HEADER_LENGTH > end)
            {
                throw new SnapshotException("diff frame corrupt: run " + i + " of " + runCount + " starts at byte " +
                    (position - offset) + ", past the runs' end at " + (end - offset));
            }
            final long memoryOffset = buffer.getInt(position + RUN_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final int runLength = buffer.getInt(position + RUN_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (runLength <= 0 || memoryOffset <= previousEnd || memoryOffset + runLength > limit ||
                position + RUN_HEADER_LENGTH + (long)runLength > end)
            {
                throw new SnapshotException("diff frame corrupt: run " + i + " at memory offset " + memoryOffset +
                    " length " + runLength + " (previous run ended at " + previousEnd + ", target memory " + limit +
                    " bytes, frame " + length + " bytes)");
            }
            previousEnd = memoryOffset + runLength;
            position += RUN_HEADER_LENGTH + runLength;
        }
        if (runCount < 0 || position != end)
        {
            throw new SnapshotException("diff frame corrupt: " + runCount + " runs end at byte " + (position - offset) +
                " but the frame's runs end at " + (end - offset));
        }
    }

    /**
     * Moves the cursor back before the first run.
     */
    public void rewind()
    {
        cursor = frameOffset + HEADER_LENGTH;
        runsLeft = runCount();
    }

    /**
     * @return the frame's length in bytes, trailer included.
     */
    public int frameLength()
    {
        return frameLength;
    }

    /**
     * @return pages of the memory the diff applies to.
     */
    public int basePages()
    {
        return buffer.getInt(frameOffset + BASE_PAGES_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return pages of the memory the diff produces.
     */
    public int targetPages()
    {
        return buffer.getInt(frameOffset + TARGET_PAGES_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @return the number of runs.
     */
    public int runCount()
    {
        return buffer.getInt(frameOffset + RUN_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Advances to the next run.
     *
     * @return false when there are no more runs.
     */
    public boolean nextRun()
    {
        if (runsLeft == 0)
        {
            return false;
        }
        runsLeft--;
        runOffset = buffer.getInt(cursor + RUN_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
        runLength = buffer.getInt(cursor + RUN_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        runDataIndex = cursor + RUN_HEADER_LENGTH;
        cursor = runDataIndex + runLength;
        return true;
    }

    /**
     * @return the current run's memory offset.
     */
    public int runOffset()
    {
        return runOffset;
    }

    /**
     * @return the current run's length in bytes.
     */
    public int runLength()
    {
        return runLength;
    }

    /**
     * @return the index in {@link #buffer()} of the current run's first data byte.
     */
    public int runDataIndex()
    {
        return runDataIndex;
    }

    /**
     * @return the buffer the frame is read from.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
