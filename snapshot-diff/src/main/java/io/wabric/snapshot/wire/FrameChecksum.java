package io.wabric.snapshot.wire;

import org.agrona.DirectBuffer;

import java.util.zip.CRC32C;

/**
 * CRC-32C of a range of an Agrona buffer, heap or direct, without allocating: a heap buffer is checksummed in
 * place, a direct one through a reused 8 KiB scratch array (the JDK's intrinsic CRC-32C on byte arrays needs no
 * {@code --add-opens}, unlike Agrona's address-based one). Not thread-safe: one per encoder or decoder.
 */
final class FrameChecksum
{
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[8192];

    int compute(final DirectBuffer buffer, final int index, final int length)
    {
        crc.reset();
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            crc.update(array, buffer.wrapAdjustment() + index, length);
        }
        else
        {
            int done = 0;
            while (done < length)
            {
                final int chunk = Math.min(scratch.length, length - done);
                buffer.getBytes(index + done, scratch, 0, chunk);
                crc.update(scratch, 0, chunk);
                done += chunk;
            }
        }
        return (int)crc.getValue();
    }
}
