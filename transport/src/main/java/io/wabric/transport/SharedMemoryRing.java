package io.wabric.transport;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A single-writer, single-reader byte stream between two processes of one machine, in a file both map (under
 * /dev/shm): the bulk path for long messages. The writer copies a message in while the reader copies it out to
 * its final place, so the two copies overlap and nothing else touches the bytes. Aeron's IPC log would add a
 * reassembly copy and has its media driver zero every consumed byte and move the sender's limit, a third thread
 * that two spinning ranks on two cores starve (measured: hundreds of back-pressure stalls of 0.2-2 ms per run).
 *
 * <pre>
 *   0    written  i64  bytes the writer has put in since the ring was made; stored (release) after the bytes
 *   64   read     i64  bytes the reader has taken out; stored (release) after it copied them out
 *   128  data     capacity bytes, a power of two: byte n of the stream lives at 128 + (n mod capacity)
 * </pre>
 *
 * The two counters sit on cache lines of their own so the writer and the reader never share one. Framing is the
 * caller's: the writer announces each message (its length) on another channel before streaming its bytes, and the
 * reader takes exactly that many.
 */
final class SharedMemoryRing implements AutoCloseable
{
    static final int WRITTEN_OFFSET = 0;
    static final int READ_OFFSET = 64;
    static final int DATA_OFFSET = 128;
    /** Bytes the writer publishes at a time, so the reader can start copying before a long message is all in. */
    static final int WRITE_STEP_BYTES = 64 * 1024;

    private final File file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int mask;
    private long position;

    private SharedMemoryRing(final File file, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        this.capacity = buffer.capacity() - DATA_OFFSET;
        this.mask = capacity - 1;
    }

    /**
     * Makes the ring as its writer: a new file, its pages allocated up front, so a full /dev/shm fails here with an
     * error rather than later with a fault on a mapped page.
     *
     * @param file          a path that does not exist yet.
     * @param capacityBytes data bytes, a power of two.
     * @return the writer's end.
     * @throws TransportException when the file cannot be made, e.g. /dev/shm is full.
     */
    static SharedMemoryRing create(final File file, final int capacityBytes)
    {
        if (Integer.bitCount(capacityBytes) != 1)
        {
            throw new IllegalArgumentException("ring capacity " + capacityBytes + " must be a power of two");
        }
        final long length = DATA_OFFSET + (long)capacityBytes;
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            IoUtil.fill(channel, 0, length, (byte)0);
            return new SharedMemoryRing(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
        }
        catch (final IOException | UncheckedIOException ex)
        {
            file.delete();
            throw new TransportException("cannot make the " + length + "-byte shared-memory ring " + file + ": " + ex);
        }
    }

    /**
     * Maps a ring the writer made, as its reader.
     *
     * @param file the writer's file.
     * @return the reader's end.
     * @throws TransportException when the file is missing or not a ring.
     */
    static SharedMemoryRing open(final File file)
    {
        final long length = file.length();
        if (length <= DATA_OFFSET || Long.bitCount(length - DATA_OFFSET) != 1)
        {
            throw new TransportException("shared-memory ring " + file + " is missing or malformed: " + length +
                " bytes, expected " + DATA_OFFSET + " plus a power of two");
        }
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            return new SharedMemoryRing(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
        }
        catch (final IOException ex)
        {
            throw new TransportException("cannot map the shared-memory ring " + file + ": " + ex);
        }
    }

    /**
     * Writer: copies as many of the bytes as fit now, at most {@link #WRITE_STEP_BYTES}, and publishes them.
     *
     * @param source where the bytes are.
     * @param offset the first byte.
     * @param length bytes left to write.
     * @return bytes written, 0 when the ring is full.
     */
    int write(final DirectBuffer source, final int offset, final int length)
    {
        final long written = position;
        final int free = capacity - (int)(written - buffer.getLongVolatile(READ_OFFSET));
        final int at = (int)written & mask;
        final int n = Math.min(Math.min(length, free), Math.min(capacity - at, WRITE_STEP_BYTES));
        if (n <= 0)
        {
            return 0;
        }
        buffer.putBytes(DATA_OFFSET + at, source, offset, n);
        position = written + n;
        buffer.putLongRelease(WRITTEN_OFFSET, position);
        return n;
    }

    /**
     * Reader: how many bytes can be read in one piece now, from {@link #readIndex()}.
     *
     * @param limit at most this many (the rest of the current message).
     * @return readable bytes, 0 when the writer has not caught up.
     */
    int readable(final int limit)
    {
        final long read = position;
        final int available = (int)(buffer.getLongAcquire(WRITTEN_OFFSET) - read);
        return Math.min(Math.min(available, limit), capacity - ((int)read & mask));
    }

    /**
     * @return where in {@link #buffer()} the next unread byte is.
     */
    int readIndex()
    {
        return DATA_OFFSET + ((int)position & mask);
    }

    /**
     * Reader: gives back bytes it has copied out, for the writer to reuse.
     *
     * @param bytes as many as {@link #readable} said, or fewer.
     */
    void consumed(final int bytes)
    {
        position += bytes;
        buffer.putLongRelease(READ_OFFSET, position);
    }

    /**
     * @return the mapped ring, for the reader to copy out of.
     */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return data bytes.
     */
    int capacity()
    {
        return capacity;
    }

    /**
     * @return the ring's file.
     */
    File file()
    {
        return file;
    }

    /**
     * Unmaps this end now, rather than when the GC finds it unreachable; the file stays until its writer deletes it.
     * No thread may use the ring afterwards (a read would fault).
     */
    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
