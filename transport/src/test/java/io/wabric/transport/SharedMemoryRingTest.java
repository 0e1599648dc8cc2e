package io.wabric.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class SharedMemoryRingTest
{
    private static final int CAPACITY = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldCarryAStreamLongerThanTheRingAcrossTheWrap()
    {
        final File file = dir.resolve("0-1.ring").toFile();
        try (SharedMemoryRing writer = SharedMemoryRing.create(file, CAPACITY);
            SharedMemoryRing reader = SharedMemoryRing.open(file))
        {
            assertEquals(CAPACITY, reader.capacity());
            final byte[] message = new byte[5 * CAPACITY + 123];
            for (int i = 0; i < message.length; i++)
            {
                message[i] = (byte)(i * 7 + 1);
            }
            final UnsafeBuffer source = new UnsafeBuffer(message);
            final byte[] received = new byte[message.length];
            int sent = 0;
            int got = 0;
            int fullRounds = 0;
            while (got < message.length)
            {
                // write until the ring takes no more
                for (int written = -1; written != 0 && sent < message.length;)
                {
                    written = writer.write(source, sent, message.length - sent);
                    sent += written;
                    if (written == 0)
                    {
                        fullRounds++;
                        assertEquals(CAPACITY, sent - got, "the writer stops only when the ring is full");
                    }
                }
                // read a little less than is there, so the reader's position wanders across the wrap
                final int readable = reader.readable(Math.min(message.length - got, 40_000));
                reader.buffer().getBytes(reader.readIndex(), received, got, readable);
                reader.consumed(readable);
                got += readable;
            }
            assertArrayEquals(message, received);
            assertTrue(fullRounds > 0, "a message five times the ring's size filled it at least once");
            assertEquals(0, reader.readable(100), "nothing is left");
        }
    }

    @Test
    void shouldPublishAtMostOneStepAtATimeSoTheReaderCanStartEarly()
    {
        final File file = dir.resolve("step.ring").toFile();
        try (SharedMemoryRing writer = SharedMemoryRing.create(file, 4 * SharedMemoryRing.WRITE_STEP_BYTES))
        {
            final byte[] message = new byte[3 * SharedMemoryRing.WRITE_STEP_BYTES];
            assertEquals(SharedMemoryRing.WRITE_STEP_BYTES, writer.write(new UnsafeBuffer(message), 0, message.length));
        }
    }

    @Test
    void shouldRefuseToReuseAnExistingFile() throws Exception
    {
        final File file = dir.resolve("taken.ring").toFile();
        Files.write(file.toPath(), new byte[] {1, 2, 3});
        final TransportException ex = assertThrows(TransportException.class,
            () -> SharedMemoryRing.create(file, CAPACITY));
        assertTrue(ex.getMessage().startsWith("cannot make the " + (CAPACITY + 128) + "-byte shared-memory ring " +
            file), ex.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotARing() throws Exception
    {
        final File file = dir.resolve("short.ring").toFile();
        Files.write(file.toPath(), new byte[200]);
        final TransportException ex = assertThrows(TransportException.class, () -> SharedMemoryRing.open(file));
        assertEquals("shared-memory ring " + file + " is missing or malformed: 200 bytes, expected 128 plus a " +
            "power of two", ex.getMessage());
        final TransportException missing = assertThrows(TransportException.class,
            () -> SharedMemoryRing.open(dir.resolve("absent.ring").toFile()));
        assertTrue(missing.getMessage().contains("is missing or malformed: 0 bytes"), missing.getMessage());
    }
}
