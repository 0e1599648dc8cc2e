package io.wabric.snapshot.file;

import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes and reads {@link GuestSnapshot}s. All-zero pages are not stored. Integers are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic 0x504E5357 "WSNP"                   |
 *  +-------------------------------+-------------------------------+
 *  |            Version            |     Module Digest Length      |
 *  +-------------------------------+-------------------------------+
 *  |           Module Digest (ASCII "sha-256:...", padded to 4)  ...
 *  +---------------------------------------------------------------+
 *  |                  Memory Pages (64 KiB pages)                  |
 *  +---------------------------------------------------------------+
 *  |                         Maximum Pages                         |
 *  +---------------------------------------------------------------+
 *  |              Stored Pages (pages not all zero)                |
 *  +---------------------------------------------------------------+
 *  |                          Global Count                         |
 *  +---------------------------------------------------------------+
 *  |            Global Count x i64 raw bits, index order         ...
 *  +---------------------------------------------------------------+
 *  |                          Region Count                         |
 *  +---------------------------------------------------------------+
 *  |                         Region Offset                         |  per region
 *  +---------------------------------------------------------------+
 *  |                         Region Length                         |
 *  +---------------+---------------+-------------------------------+
 *  |  Type (u8)    |   Op (u8)     |              0                |
 *  +---------------+---------------+-------------------------------+
 *  |                          Page Index                           |  per stored page,
 *  +---------------------------------------------------------------+  ascending
 *  |                   65536 bytes of page data                  ...
 *  +---------------------------------------------------------------+
 *  |                 CRC-32C of every byte before it               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SnapshotFile
{
    /** "WSNP" as a little-endian int. */
    public static final int MAGIC = 0x504E5357;
    /** The version written and the only one read. */
    public static final short VERSION = 1;

    private static final int PAGE_BYTES = MemorySnapshot.PAGE_BYTES;

    private SnapshotFile()
    {
    }

    /**
     * Checks that a snapshot could be written to a file, so a caller can refuse a missing directory or a directory
     * in the way before spending time on the state to save.
     *
     * @param file where the snapshot will go.
     * @throws SnapshotException {@code "cannot write snapshot FILE: REASON"} when it cannot.
     */
    public static void checkWritable(final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw cannotWrite(file, "it is a directory; name a file for the snapshot");
        }
        final Path directory = directoryOf(file);
        if (!Files.isDirectory(directory))
        {
            throw cannotWrite(file, "no such directory " + directory);
        }
        if (!Files.isWritable(directory))
        {
            throw cannotWrite(file, "directory " + directory + " is not writable");
        }
    }

    /**
     * Writes a snapshot to a file, atomically: a temporary file beside it, renamed into place. The temporary file
     * is removed on every failure, and its name is unique, so no existing file (the module, say) is clobbered.
     *
     * @param snapshot the snapshot.
     * @param file     where to write.
     * @throws SnapshotException {@code "cannot write snapshot FILE: REASON"} when the file cannot be written.
     */
    public static void write(final GuestSnapshot snapshot, final Path file)
    {
        checkWritable(file);
        final byte[] header = header(snapshot);
        final Path temporary;
        try
        {
            temporary = Files.createTempFile(directoryOf(file), file.getFileName() + ".", ".tmp", permissions(file));
        }
        catch (final IOException ex)
        {
            throw cannotWrite(file, reason(ex, file));
        }
        boolean moved = false;
        try
        {
            writeBody(snapshot.memory(), header, temporary);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        }
        catch (final IOException ex)
        {
            throw cannotWrite(file, reason(ex, file));
        }
        finally
        {
            if (!moved)
            {
                deleteQuietly(temporary);
            }
        }
    }

    private static byte[] header(final GuestSnapshot snapshot)
    {
        final MemorySnapshot memory = snapshot.memory();
        final byte[] digest = snapshot.moduleDigest().getBytes(StandardCharsets.US_ASCII);
        int storedPages = 0;
        for (int pageIndex = 0; pageIndex < memory.pageCount(); pageIndex++)
        {
            storedPages += memory.isZeroPage(pageIndex) ? 0 : 1;
        }
        final long[] globals = snapshot.globals();
        final List<MergeRegion> regions = snapshot.regions();
        final ByteBuffer header = ByteBuffer.allocate(8 + pad4(digest.length) + 12 + 4 + 8 * globals.length + 4 +
            12 * regions.size()).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort(VERSION).putShort((short)digest.length).put(digest);
        header.position(8 + pad4(digest.length));
        header.putInt(memory.pageCount()).putInt(memory.maximumPages()).putInt(storedPages);
        header.putInt(globals.length);
        for (final long global : globals)
        {
            header.putLong(global);
        }
        header.putInt(regions.size());
        for (final MergeRegion region : regions)
        {
            header.putInt(region.offset()).putInt(region.length()).put((byte)region.type().code())
                .put((byte)region.op().code()).putShort((short)0);
        }
        return header.array();
    }

    private static void writeBody(final MemorySnapshot memory, final byte[] header, final Path temporary)
        throws IOException
    {
        final CRC32C crc = new CRC32C();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16))
        {
            crc.update(header);
            out.write(header);
            final byte[] index = new byte[4];
            for (int pageIndex = 0; pageIndex < memory.pageCount(); pageIndex++)
            {
                if (memory.isZeroPage(pageIndex))
                {
                    continue;
                }
                ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN).putInt(pageIndex);
                crc.update(index);
                out.write(index);
                final byte[] page = memory.pageArray(pageIndex);
                crc.update(page, memory.pageOffset(pageIndex), PAGE_BYTES);
                out.write(page, memory.pageOffset(pageIndex), PAGE_BYTES);
            }
            ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN).putInt((int)crc.getValue());
            out.write(index);
        }
    }

    /**
     * rw-rw-rw- less the umask, as a plain new file gets: a temporary file is otherwise created owner-only, and the
     * snapshot renamed from it would keep that.
     */
    private static FileAttribute<?>[] permissions(final Path file)
    {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix") ?
            new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-"))} :
            new FileAttribute<?>[0];
    }

    private static void deleteQuietly(final Path temporary)
    {
        try
        {
            Files.deleteIfExists(temporary);
        }
        catch (final IOException ex)
        {
            // the write has failed already and that is what gets reported; nothing more can be done here
        }
    }

    private static Path directoryOf(final Path file)
    {
        final Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : file.toAbsolutePath().getRoot();
    }

    private static SnapshotException cannotWrite(final Path file, final String reason)
    {
        return new SnapshotException("cannot write snapshot " + file + ": " + reason);
    }

    /**
     * The reason for an I/O failure in words: the JDK's message for a missing file or a refused permission is only
     * the path, which says nothing about what went wrong.
     */
    private static String reason(final IOException ex, final Path file)
    {
        if (ex instanceof NoSuchFileException)
        {
            return Files.isDirectory(directoryOf(file)) ? "no such file or directory" :
                "no such directory " + directoryOf(file);
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof FileSystemException && ((FileSystemException)ex).getReason() != null)
        {
            return ((FileSystemException)ex).getReason();
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }

    /**
     * Reads a snapshot file, verifying its checksum before using any of it.
     *
     * @param file the file.
     * @return the snapshot.
     * @throws SnapshotException naming the file and the fault when it is missing, corrupt or truncated.
     */
    public static GuestSnapshot read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new SnapshotException(file + ": no such snapshot file");
        }
        catch (final IOException ex)
        {
            // No cause attached: an unreadable snapshot is bad input (exit 2) like a corrupt one, not a fault.
            throw new SnapshotException(file + (Files.isDirectory(file) ?
                ": is a directory, not a snapshot file; name the file `wabric snapshot create -o` wrote" :
                ": cannot read snapshot: " + reason(ex, file)));
        }
        try
        {
            return decode(file, bytes);
        }
        catch (final java.nio.BufferUnderflowException | IllegalArgumentException ex)
        {
            throw new SnapshotException(file + ": corrupt snapshot: " + ex.getMessage());
        }
    }

    private static GuestSnapshot decode(final Path file, final byte[] bytes)
    {
        if (bytes.length < 12)
        {
            throw new SnapshotException(file + ": not a Wabric snapshot (" + bytes.length + " bytes)");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int magic = in.getInt();
        if (magic != MAGIC)
        {
            throw new SnapshotException(file + ": not a Wabric snapshot (magic 0x" + Integer.toHexString(magic) +
                "); create one with `wabric snapshot create`");
        }
        final short version = in.getShort();
        if (version != VERSION)
        {
            throw new SnapshotException(file + ": snapshot version " + version + ", this Wabric reads version " +
                VERSION + ": create it again with this release");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        final int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int)crc.getValue() != stored)
        {
            throw new SnapshotException(file + ": corrupt or truncated snapshot: CRC-32C 0x" +
                Integer.toHexString((int)crc.getValue()) + " does not match the stored 0x" + Integer.toHexString(stored));
        }
        final int digestLength = in.getShort() & 0xFFFF;
        final String digest = new String(bytes, 8, digestLength, StandardCharsets.US_ASCII);
        in.position(8 + pad4(digestLength));
        final int pageCount = in.getInt();
        final int maximumPages = in.getInt();
        final int storedPages = in.getInt();
        final long[] globals = new long[checkCount(in.getInt(), 8, in)];
        for (int i = 0; i < globals.length; i++)
        {
            globals[i] = in.getLong();
        }
        final int regionCount = checkCount(in.getInt(), 12, in);
        final List<MergeRegion> regions = new ArrayList<>(regionCount);
        for (int i = 0; i < regionCount; i++)
        {
            final int offset = in.getInt();
            final int length = in.getInt();
            final DataType type = DataType.of(in.get());
            final MergeOp op = MergeOp.of(in.get());
            in.getShort();
            if (type == null || op == null)
            {
                throw new SnapshotException(file + ": corrupt snapshot: region " + i + " has an unknown type or op");
            }
            regions.add(new MergeRegion(offset, length, type, op));
        }
        if (pageCount < 0 || storedPages < 0 || storedPages > pageCount ||
            in.remaining() != (long)storedPages * (4 + PAGE_BYTES) + 4)
        {
            throw new SnapshotException(file + ": corrupt snapshot: " + storedPages + " stored pages of " + pageCount +
                " do not fill the " + in.remaining() + " bytes left");
        }
        final byte[][] pages = new byte[pageCount][];
        for (int i = 0; i < storedPages; i++)
        {
            final int pageIndex = in.getInt();
            if (pageIndex < 0 || pageIndex >= pageCount || pages[pageIndex] != null)
            {
                throw new SnapshotException(file + ": corrupt snapshot: page index " + pageIndex + " of " + pageCount);
            }
            final int from = in.position();
            pages[pageIndex] = Arrays.copyOfRange(bytes, from, from + PAGE_BYTES);
            in.position(from + PAGE_BYTES);
        }
        return new GuestSnapshot(digest, MemorySnapshot.ofPages(pages, maximumPages), globals, regions);
    }

    private static int checkCount(final int count, final int elementBytes, final ByteBuffer in)
    {
        if (count < 0 || (long)count * elementBytes > in.remaining())
        {
            throw new IllegalArgumentException("count " + count + " exceeds the " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static int pad4(final int length)
    {
        return (length + 3) & ~3;
    }
}
