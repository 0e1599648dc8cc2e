package io.wabric.core.wasi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chicory's own {@link WasiPreview1} over a confined directory, driven through its Java methods as a guest's
 * imports would be: what works inside still works, and the escapes come back as errors, never as a descriptor.
 *
 * <p>Chicory reports a refused resolution as {@code EIO}: it maps only a few exception types to their errno.
 */
class SandboxWasiTest
{
    private static final int ESUCCESS = 0;
    private static final int EACCES = 2;
    private static final int EIO = 29;
    private static final int PREOPEN_FD = 3;
    private static final int NO_FOLLOW = 0;
    private static final int SYMLINK_FOLLOW = 1;
    private static final int NO_OPEN_FLAGS = 0;
    private static final int O_CREAT = 1;
    private static final long FD_READ = 1L << 1;
    private static final long FD_WRITE = 1L << 6;

    private static final int FD_PTR = 0;
    private static final int IOVEC_PTR = 8;
    private static final int COUNT_PTR = 16;
    private static final int BUF_PTR = 1024;
    private static final int BUF_LENGTH = 4096;

    @TempDir
    Path temp;

    private Path hostRoot;
    private Path outside;
    private WasiPreview1 wasi;
    private final Memory memory = new ByteArrayMemory(new MemoryLimits(1));

    @BeforeEach
    void setUp() throws IOException
    {
        hostRoot = Files.createDirectory(temp.resolve("root"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(hostRoot.resolve("f.txt"), "inside");
        Files.createDirectory(hostRoot.resolve("sub"));
        Files.createSymbolicLink(hostRoot.resolve("sub/ok"), Path.of("../f.txt"));
        Files.createSymbolicLink(hostRoot.resolve("abs-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(hostRoot.resolve("rel-file"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(hostRoot.resolve("dir"), outside);
        Files.createSymbolicLink(hostRoot.resolve("dangling"), Path.of("../outside/new.txt"));
        wasi = WasiPreview1.builder()
            .withOptions(WasiOptions.builder().withDirectory("/data", SandboxFileSystems.confine(hostRoot)).build())
            .build();
    }

    @AfterEach
    void tearDown()
    {
        wasi.close();
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void shouldReadFileWhenOpenedInsideRoot()
    {
        assertEquals(ESUCCESS, open("f.txt", NO_FOLLOW, NO_OPEN_FLAGS, FD_READ));
        assertEquals("inside", readAll(memory.readInt(FD_PTR)));
    }

    @Test
    void shouldFollowLinkWhenTargetIsInsideRoot()
    {
        assertEquals(ESUCCESS, open("sub/ok", SYMLINK_FOLLOW, NO_OPEN_FLAGS, FD_READ));
        assertEquals("inside", readAll(memory.readInt(FD_PTR)));
    }

    @Test
    void shouldCreateFileWhenInsideRoot() throws IOException
    {
        assertEquals(ESUCCESS, open("sub/new.txt", NO_FOLLOW, O_CREAT, FD_WRITE));
        assertTrue(Files.exists(hostRoot.resolve("sub/new.txt")));
    }

    @Test
    void shouldRefuseOpenWhenLinkLeadsOutside()
    {
        for (final String path : List.of("abs-file", "rel-file", "dir/secret.txt", "sub/../dir/secret.txt"))
        {
            memory.writeI32(FD_PTR, -1);
            assertEquals(EIO, open(path, SYMLINK_FOLLOW, NO_OPEN_FLAGS, FD_READ), path);
            assertEquals(-1, memory.readInt(FD_PTR), path);
        }
        assertEquals(EIO, open("dir/secret.txt", NO_FOLLOW, NO_OPEN_FLAGS, FD_READ));
    }

    @Test
    void shouldRefuseCreateWhenDanglingLinkLeadsOutside()
    {
        assertEquals(EIO, open("dangling", SYMLINK_FOLLOW, O_CREAT, FD_WRITE));
        assertEquals(EIO, open("dir/new.txt", NO_FOLLOW, O_CREAT, FD_WRITE));
    }

    @Test
    void shouldRefuseWhenGuestPathClimbs()
    {
        assertEquals(EACCES, wasi.pathCreateDirectory(PREOPEN_FD, "../escape"));
        assertEquals(EACCES, wasi.pathSymlink("../outside", PREOPEN_FD, "link"));
        assertFalse(Files.exists(temp.resolve("escape")));
    }

    @Test
    void shouldStatLinkButNotTargetWhenLinkLeadsOutside()
    {
        assertEquals(ESUCCESS, wasi.pathFilestatGet(memory, PREOPEN_FD, NO_FOLLOW, "abs-file", BUF_PTR));
        assertEquals(EIO, wasi.pathFilestatGet(memory, PREOPEN_FD, SYMLINK_FOLLOW, "rel-file", BUF_PTR));
        assertEquals(EIO, wasi.pathFilestatGet(memory, PREOPEN_FD, NO_FOLLOW, "dir/secret.txt", BUF_PTR));
    }

    @Test
    void shouldKeepLinksInsideWhenGuestMakesThem() throws IOException
    {
        assertEquals(ESUCCESS, wasi.pathSymlink("f.txt", PREOPEN_FD, "sub/link"));
        assertEquals(Path.of("../f.txt"), Files.readSymbolicLink(hostRoot.resolve("sub/link")));
        assertEquals(ESUCCESS, open("sub/link", SYMLINK_FOLLOW, NO_OPEN_FLAGS, FD_READ));
        assertEquals("inside", readAll(memory.readInt(FD_PTR)));
        assertEquals(ESUCCESS, wasi.pathReadlink(memory, PREOPEN_FD, "sub/link", BUF_PTR, 64, COUNT_PTR));
        assertEquals("f.txt", memory.readString(BUF_PTR, memory.readInt(COUNT_PTR)));
        assertEquals(ESUCCESS, wasi.pathSymlink(".", PREOPEN_FD, "self"));
        assertEquals(ESUCCESS, wasi.pathReadlink(memory, PREOPEN_FD, "self", BUF_PTR, 64, COUNT_PTR));
        assertEquals(".", memory.readString(BUF_PTR, memory.readInt(COUNT_PTR)));
    }

    @Test
    void shouldRenameWhenInsideRootAndRefuseWhenTargetIsOutside() throws IOException
    {
        assertEquals(ESUCCESS, wasi.pathRename(PREOPEN_FD, "f.txt", PREOPEN_FD, "sub/g.txt"));
        assertEquals("inside", Files.readString(hostRoot.resolve("sub/g.txt")));
        assertEquals(EIO, wasi.pathRename(PREOPEN_FD, "sub/g.txt", PREOPEN_FD, "dir/g.txt"));
        assertFalse(Files.exists(outside.resolve("g.txt")));
        assertEquals(EIO, wasi.pathLink(PREOPEN_FD, 0, "dir/secret.txt", PREOPEN_FD, "stolen"));
        assertFalse(Files.exists(hostRoot.resolve("stolen"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldListRootWhenReadingDirectory()
    {
        final List<String> names = readDirectory(PREOPEN_FD);
        assertTrue(names.containsAll(List.of(".", "..", "f.txt", "sub")), names.toString());
        assertFalse(names.contains("abs-file"), "links leading outside are skipped like dangling ones: " + names);
    }

    @Test
    void shouldListSubdirectoryWhenOpenedAsDirectory()
    {
        assertEquals(ESUCCESS, open("sub", NO_FOLLOW, NO_OPEN_FLAGS, FD_READ));
        assertEquals(List.of(".", "..", "ok"), readDirectory(memory.readInt(FD_PTR)));
        assertEquals(EIO, open("dir", SYMLINK_FOLLOW, NO_OPEN_FLAGS, FD_READ));
    }

    private List<String> readDirectory(final int fd)
    {
        assertEquals(ESUCCESS, wasi.fdReaddir(memory, fd, BUF_PTR, BUF_LENGTH, 0, COUNT_PTR));
        final List<String> names = new ArrayList<>();
        final int used = memory.readInt(COUNT_PTR);
        int offset = 0;
        while (offset + 24 <= used)
        {
            final int length = memory.readInt(BUF_PTR + offset + 16);
            names.add(memory.readString(BUF_PTR + offset + 24, length));
            offset += 24 + length;
        }
        return names;
    }

    private int open(final String path, final int lookupFlags, final int openFlags, final long rights)
    {
        return wasi.pathOpen(memory, PREOPEN_FD, lookupFlags, path, openFlags, rights, rights, 0, FD_PTR);
    }

    private String readAll(final int fd)
    {
        memory.writeI32(IOVEC_PTR, BUF_PTR);
        memory.writeI32(IOVEC_PTR + 4, BUF_LENGTH);
        assertEquals(ESUCCESS, wasi.fdRead(memory, fd, IOVEC_PTR, 1, COUNT_PTR));
        final String text = new String(memory.readBytes(BUF_PTR, memory.readInt(COUNT_PTR)), StandardCharsets.UTF_8);
        assertEquals(ESUCCESS, wasi.fdClose(fd));
        return text;
    }
}
