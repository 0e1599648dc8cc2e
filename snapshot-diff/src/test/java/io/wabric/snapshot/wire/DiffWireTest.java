package io.wabric.snapshot.wire;

import io.wabric.snapshot.SnapshotException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The diff frame: round trip, run coalescing, and whole-frame rejection of every corruption and truncation.
 */
final class DiffWireTest
{
    private static int encodeSample(final ExpandableArrayBuffer buffer, final int offset)
    {
        final byte[] data = new byte[300];
        new Random(11).nextBytes(data);
        return new DiffEncoder().wrap(buffer, offset)
            .begin(2, 3)
            .run(5, data, 0, 10)
            .run(15, data, 10, 5)
            .run(70_000, data, 20, 200)
            .run(3 * 65536 - 1, data, 299, 1)
            .finish();
    }

    @Test
    void shouldRoundTripRunsAndCoalesceAdjacentOnes()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = encodeSample(buffer, 7);
        final DiffDecoder decoder = new DiffDecoder().wrap(buffer, 7, length);
        assertEquals(2, decoder.basePages());
        assertEquals(3, decoder.targetPages());
        assertEquals(3, decoder.runCount());
        assertEquals(length, decoder.frameLength());
        assertTrue(decoder.nextRun());
        assertEquals(5, decoder.runOffset());
        assertEquals(15, decoder.runLength());
        final byte[] data = new byte[300];
        new Random(11).nextBytes(data);
        final byte[] read = new byte[15];
        decoder.buffer().getBytes(decoder.runDataIndex(), read);
        assertArrayEquals(java.util.Arrays.copyOf(data, 15), read);
        assertTrue(decoder.nextRun());
        assertEquals(70_000, decoder.runOffset());
        assertTrue(decoder.nextRun());
        assertEquals(3 * 65536 - 1, decoder.runOffset());
        assertFalse(decoder.nextRun());
    }

    @Test
    void shouldReadItsOwnFrameWithoutValidatingItTheSameWay()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = encodeSample(buffer, 3);
        final DiffDecoder checked = new DiffDecoder().wrap(buffer, 3, length);
        final DiffDecoder own = new DiffDecoder().wrapOwn(buffer, 3, length);
        assertEquals(checked.basePages(), own.basePages());
        assertEquals(checked.targetPages(), own.targetPages());
        assertEquals(checked.runCount(), own.runCount());
        while (checked.nextRun())
        {
            assertTrue(own.nextRun());
            assertEquals(checked.runOffset(), own.runOffset());
            assertEquals(checked.runLength(), own.runLength());
            assertEquals(checked.runDataIndex(), own.runDataIndex());
        }
        assertFalse(own.nextRun());
    }

    @Test
    void shouldRejectEveryCorruptedByte()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = encodeSample(buffer, 0);
        for (int index = 0; index < length; index++)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(java.util.Arrays.copyOf(buffer.byteArray(), length));
            copy.putByte(index, (byte)(copy.getByte(index) ^ 0x40));
            final int at = index;
            assertThrows(SnapshotException.class, () -> new DiffDecoder().wrap(copy, 0, length), "byte " + at);
        }
    }

    @Test
    void shouldRejectEveryTruncation()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = encodeSample(buffer, 0);
        for (int available = 0; available < length; available++)
        {
            final int at = available;
            final SnapshotException ex = assertThrows(SnapshotException.class,
                () -> new DiffDecoder().wrap(buffer, 0, at), "available " + at);
            assertTrue(ex.getMessage().contains("truncated"), ex.getMessage());
        }
    }

    @Test
    void shouldNameVersionAndMagicInErrors()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = encodeSample(buffer, 0);
        buffer.putShort(DiffDescriptor.VERSION_OFFSET, (short)9, java.nio.ByteOrder.LITTLE_ENDIAN);
        final SnapshotException version = assertThrows(SnapshotException.class,
            () -> new DiffDecoder().wrap(buffer, 0, length));
        assertTrue(version.getMessage().contains("version 9"), version.getMessage());
        buffer.putInt(0, 0x12345678);
        final SnapshotException magic = assertThrows(SnapshotException.class,
            () -> new DiffDecoder().wrap(buffer, 0, length));
        assertTrue(magic.getMessage().contains("magic 0x12345678"), magic.getMessage());
    }

    @Test
    void shouldRejectRunsOutOfOrderAtEncoding()
    {
        final DiffEncoder encoder = new DiffEncoder().wrap(new ExpandableArrayBuffer(16), 0).begin(1, 1);
        encoder.run(100, new byte[4], 0, 4);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> encoder.run(102, new byte[4], 0, 4));
        assertTrue(ex.getMessage().contains("offset 102"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> encoder.run(65_535, new byte[4], 0, 4));
    }
}
