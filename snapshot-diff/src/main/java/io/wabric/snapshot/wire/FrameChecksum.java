package io.wabric.snapshot.wire;

import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

import java.util.zip.CRC32C;

/**
 * CRC-32C of a range of an Agrona buffer, heap or direct, without allocating. Not thread-safe: one per encoder or
 * decoder.
 */
final class FrameChecksum
{
    private final CRC32C heapCrc = new CRC32C();

    int compute(final DirectBuffer buffer, final int index, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            heapCrc.reset();
            heapCrc.update(array, buffer.wrapAdjustment() + index, length);
            return (int)heapCrc.getValue();
        }
        return Crc32c.INSTANCE.compute(buffer.addressOffset(), index, length);
    }
}
