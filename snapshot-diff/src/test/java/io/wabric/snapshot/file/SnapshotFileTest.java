package io.wabric.snapshot.file;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot files: a round trip keeps memory, size, maximum, globals and merge regions, stores no zero page, and
 * every truncation or flipped byte is rejected with the file's name.
 */
final class SnapshotFileTest
{
    private static GuestSnapshot sample()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(5, 9));
        final byte[] data = new byte[300];
        new Random(9).nextBytes(data);
        memory.write(Memory.PAGE_SIZE - 150, data, 0, data.length);
        memory.writeLong(4 * Memory.PAGE_SIZE + 8, -2L);
        return new GuestSnapshot("sha256:00ff", memory.snapshot(), new long[] {66_560, -1L, Double.doubleToRawLongBits(-0.0)},
            List.of(new MergeRegion(1024, 8, DataType.DOUBLE, MergeOp.SUM), new MergeRegion(2048, 4, DataType.INT,
                MergeOp.MAX)));
    }

    @Test
    void shouldRoundTripEverythingAndStoreNoZeroPage(@TempDir final Path dir)
    {
        final GuestSnapshot written = sample();
        final Path file = dir.resolve("guest.snap");
        SnapshotFile.write(written, file);
        final GuestSnapshot read = SnapshotFile.read(file);

        assertEquals("sha256:00ff", read.moduleDigest());
        assertArrayEquals(written.globals(), read.globals());
        assertEquals(written.regions(), read.regions());
        final MemorySnapshot memory = read.memory();
        assertEquals(5, memory.pageCount());
        assertEquals(9, memory.maximumPages());
        final byte[] expected = new byte[5 * Memory.PAGE_SIZE];
        final byte[] actual = new byte[5 * Memory.PAGE_SIZE];
        written.memory().read(0, expected, 0, expected.length);
        memory.read(0, actual, 0, actual.length);
        assertArrayEquals(expected, actual);
        assertTrue(memory.isZeroPage(2) && memory.isZeroPage(3), "zero pages come back as the shared zero page");
        try
        {
            assertTrue(Files.size(file) < 4L * Memory.PAGE_SIZE, "3 non-zero pages stored, not 5: " + Files.size(file));
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldRejectEveryTruncationAndCorruptionNamingTheFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("guest.snap");
        SnapshotFile.write(sample(), file);
        final byte[] bytes = Files.readAllBytes(file);
        final Path broken = dir.resolve("broken.snap");
        final Random random = new Random(4);
        for (int trial = 0; trial < 40; trial++)
        {
            final byte[] changed = trial % 2 == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length)) : bytes.clone();
            if (trial % 2 == 1)
            {
                final int index = random.nextInt(bytes.length);
                changed[index] = (byte)(changed[index] ^ (1 << random.nextInt(8)));
            }
            Files.write(broken, changed);
            final SnapshotException ex = assertThrows(SnapshotException.class, () -> SnapshotFile.read(broken),
                "trial " + trial);
            assertTrue(ex.getMessage().startsWith(broken.toString()), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAnUnwritableFileNamingItAndLeaveNoTemporaryFile(@TempDir final Path dir) throws IOException
    {
        final Path missing = dir.resolve("no-such-dir").resolve("guest.snap");
        final SnapshotException noDirectory = assertThrows(SnapshotException.class,
            () -> SnapshotFile.write(sample(), missing));
        assertEquals("cannot write snapshot " + missing + ": no such directory " + missing.getParent(),
            noDirectory.getMessage());

        final Path inTheWay = Files.createDirectories(dir.resolve("guest.snap"));
        final SnapshotException directory = assertThrows(SnapshotException.class,
            () -> SnapshotFile.write(sample(), inTheWay));
        assertTrue(directory.getMessage().startsWith("cannot write snapshot " + inTheWay + ": it is a directory"),
            directory.getMessage());
        try (Stream<Path> entries = Files.list(dir))
        {
            assertEquals(List.of(inTheWay), entries.collect(Collectors.toList()), "no temporary file may be left");
        }
    }

    @Test
    void shouldWriteWithoutClobberingAFileNamedLikeTheOldTemporaryFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("guest.snap");
        final Path bystander = Files.writeString(dir.resolve("guest.snap.tmp"), "not mine");
        SnapshotFile.write(sample(), file);
        assertEquals("not mine", Files.readString(bystander));
        try (Stream<Path> entries = Files.list(dir))
        {
            assertEquals(2, entries.count(), "the snapshot and the bystander, no temporary file");
        }
    }

    @Test
    void shouldRefuseADirectoryAsASnapshotWithoutACause(@TempDir final Path dir)
    {
        final SnapshotException ex = assertThrows(SnapshotException.class, () -> SnapshotFile.read(dir));
        assertEquals(dir + ": is a directory, not a snapshot file; name the file `wabric snapshot create -o` wrote",
            ex.getMessage());
        assertNull(ex.getCause(), "a cause would make the CLI report an internal fault (exit 1), not bad input");
    }
}
