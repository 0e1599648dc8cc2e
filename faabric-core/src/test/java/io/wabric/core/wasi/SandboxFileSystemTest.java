package io.wabric.core.wasi;

import io.wabric.core.WabricException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a guest may do inside its root: read, write, list, create, delete, rename, copy, link, read attributes and
 * set times, and use symbolic links that stay inside.
 */
class SandboxFileSystemTest
{
    @TempDir
    Path temp;

    private Path hostRoot;
    private Path root;

    @BeforeEach
    void setUp() throws IOException
    {
        hostRoot = Files.createDirectory(temp.resolve("root"));
        Files.createDirectory(hostRoot.resolve("data"));
        Files.writeString(hostRoot.resolve("data/f.txt"), "inside");
        root = SandboxFileSystems.confine(hostRoot);
    }

    @Test
    void shouldReadAndWriteWhenInsideRoot() throws IOException
    {
        assertEquals("inside", Files.readString(root.resolve("data/f.txt")));
        Files.writeString(root.resolve("new.txt"), "written");
        assertEquals("written", Files.readString(hostRoot.resolve("new.txt")));
        Files.writeString(root.resolve("new.txt"), "+more", StandardOpenOption.APPEND);
        assertEquals("written+more", Files.readString(root.resolve("new.txt")));
    }

    @Test
    void shouldOpenFileChannelWhenChicoryOpensFile() throws IOException
    {
        final Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try (FileChannel channel = FileChannel.open(root.resolve("data/g.bin"), options))
        {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        assertEquals(3, Files.size(hostRoot.resolve("data/g.bin")));
    }

    @Test
    void shouldListSandboxPathsWhenListingDirectory() throws IOException
    {
        Files.writeString(hostRoot.resolve("data/g.txt"), "g");
        final Set<String> listed;
        try (Stream<Path> entries = Files.list(root.resolve("data")))
        {
            listed = entries.map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(Set.of("/data/f.txt", "/data/g.txt"), listed);
        try (Stream<Path> entries = Files.list(root))
        {
            assertTrue(entries.allMatch((entry) -> entry.getFileSystem() == root.getFileSystem()));
        }
    }

    @Test
    void shouldFilterWithSandboxPathsWhenGlobbingDirectory() throws IOException
    {
        Files.writeString(hostRoot.resolve("data/g.log"), "g");
        final Set<String> listed = new TreeSet<>();
        try (var stream = Files.newDirectoryStream(root.resolve("data"), "*.log"))
        {
            stream.forEach((entry) -> listed.add(entry.toString()));
        }
        assertEquals(Set.of("/data/g.log"), listed);
    }

    @Test
    void shouldCreateAndDeleteDirectoriesWhenInsideRoot() throws IOException
    {
        Files.createDirectories(root.resolve("a/b/c"));
        assertTrue(Files.isDirectory(hostRoot.resolve("a/b/c")));
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(root.resolve("a/b")));
        Files.delete(root.resolve("a/b/c"));
        assertFalse(Files.exists(hostRoot.resolve("a/b/c")));
        assertTrue(Files.deleteIfExists(root.resolve("a/b")));
        assertFalse(Files.deleteIfExists(root.resolve("a/b")));
    }

    @Test
    void shouldRenameWithChicoryOptionsWhenInsideRoot() throws IOException
    {
        Files.move(root.resolve("data/f.txt"), root.resolve("g.txt"),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.COPY_ATTRIBUTES);
        assertEquals("inside", Files.readString(hostRoot.resolve("g.txt")));
        assertFalse(Files.exists(hostRoot.resolve("data/f.txt")));
    }

    @Test
    void shouldMoveAndCopyWhenBetweenTwoSandboxes() throws IOException
    {
        final Path otherHost = Files.createDirectory(temp.resolve("other"));
        final Path other = SandboxFileSystems.confine(otherHost);
        Files.copy(root.resolve("data/f.txt"), other.resolve("copy.txt"));
        Files.move(root.resolve("data/f.txt"), other.resolve("moved.txt"));
        assertEquals("inside", Files.readString(otherHost.resolve("copy.txt")));
        assertEquals("inside", Files.readString(otherHost.resolve("moved.txt")));
    }

    @Test
    void shouldReadUnixAttributesWhenChicoryStatsFile() throws IOException
    {
        final Map<String, Object> attributes = Files.readAttributes(root.resolve("data/f.txt"), "unix:*");
        assertEquals(6L, attributes.get("size"));
        assertEquals(Boolean.TRUE, attributes.get("isRegularFile"));
        assertNotNull(attributes.get("ino"));
        assertNotNull(attributes.get("dev"));
        assertNotNull(attributes.get("ctime"));
        final BasicFileAttributes basic = Files.readAttributes(root, BasicFileAttributes.class);
        assertTrue(basic.isDirectory());
    }

    @Test
    void shouldSetTimesWhenChicoryUsesBasicView() throws IOException
    {
        final FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
        final BasicFileAttributeView view =
            Files.getFileAttributeView(root.resolve("data/f.txt"), BasicFileAttributeView.class);
        view.setTimes(modified, null, null);
        assertEquals(modified, Files.getLastModifiedTime(hostRoot.resolve("data/f.txt")));
        assertEquals("basic", view.name());
        assertEquals(modified, view.readAttributes().lastModifiedTime());
        Files.setLastModifiedTime(root.resolve("data/f.txt"), FileTime.fromMillis(0));
        assertEquals(0, Files.getLastModifiedTime(hostRoot.resolve("data/f.txt")).toMillis());
    }

    @Test
    void shouldReadPosixPermissionsWhenHostSupportsThem() throws IOException
    {
        final PosixFileAttributeView view =
            Files.getFileAttributeView(root.resolve("data/f.txt"), PosixFileAttributeView.class);
        if (null != view)
        {
            assertFalse(view.readAttributes().permissions().isEmpty());
        }
    }

    @Test
    void shouldFollowLinkWhenRelativeTargetStaysInside() throws IOException
    {
        Files.createDirectory(hostRoot.resolve("sub"));
        Files.createSymbolicLink(hostRoot.resolve("sub/link"), Path.of("../data/f.txt"));
        Files.createSymbolicLink(hostRoot.resolve("dirlink"), Path.of("data"));
        Files.createSymbolicLink(hostRoot.resolve("sub/up"), Path.of(".."));
        assertEquals("inside", Files.readString(root.resolve("sub/link")));
        assertEquals("inside", Files.readString(root.resolve("dirlink/f.txt")));
        assertEquals("inside", Files.readString(root.resolve("sub/up/data/f.txt")));
        Files.writeString(root.resolve("dirlink/h.txt"), "via link");
        assertEquals("via link", Files.readString(hostRoot.resolve("data/h.txt")));
        assertTrue(Files.isSymbolicLink(root.resolve("sub/link")));
        assertTrue(Files.isSameFile(root.resolve("sub/link"), root.resolve("data/f.txt")));
    }

    @Test
    void shouldFollowLinkWhenAbsoluteTargetIsUnderHostRoot() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("abs"), hostRoot.resolve("data/f.txt"));
        assertEquals("inside", Files.readString(root.resolve("abs")));
        assertEquals("/data/f.txt", Files.readSymbolicLink(root.resolve("abs")).toString());
    }

    @Test
    void shouldFollowChainWhenEveryLinkStaysInside() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("c"), Path.of("data/f.txt"));
        Files.createSymbolicLink(hostRoot.resolve("b"), Path.of("c"));
        Files.createSymbolicLink(hostRoot.resolve("a"), Path.of("./b"));
        assertEquals("inside", Files.readString(root.resolve("a")));
        assertEquals("/data/f.txt", root.resolve("a").toRealPath().toString());
        assertEquals("/a", root.resolve("a").toRealPath(LinkOption.NOFOLLOW_LINKS).toString());
    }

    @Test
    void shouldReturnAbsoluteSandboxPathWhenReadingLink() throws IOException
    {
        Files.createDirectory(hostRoot.resolve("sub"));
        Files.createSymbolicLink(hostRoot.resolve("sub/link"), Path.of("../data/f.txt"));
        Files.createSymbolicLink(hostRoot.resolve("sub/dangling"), Path.of("missing.txt"));
        assertEquals("/data/f.txt", Files.readSymbolicLink(root.resolve("sub/link")).toString());
        assertEquals("/sub/missing.txt", Files.readSymbolicLink(root.resolve("sub/dangling")).toString());
    }

    @Test
    void shouldCreateLinkAtTargetWhenWritingThroughDanglingInsideLink() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("dangling"), Path.of("data/created.txt"));
        Files.writeString(root.resolve("dangling"), "made");
        assertEquals("made", Files.readString(hostRoot.resolve("data/created.txt")));
    }

    @Test
    void shouldStoreRelativeTargetWhenCreatingLinkToSandboxPath() throws IOException
    {
        Files.createDirectory(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/l"), root.resolve("data/f.txt"));
        assertEquals(Path.of("../data/f.txt"), Files.readSymbolicLink(hostRoot.resolve("sub/l")));
        assertEquals("inside", Files.readString(root.resolve("sub/l")));
        Files.createSymbolicLink(root.resolve("sub/rel"), root.getFileSystem().getPath("l"));
        assertEquals(Path.of("l"), Files.readSymbolicLink(hostRoot.resolve("sub/rel")));
        assertEquals("inside", Files.readString(root.resolve("sub/rel")));
        Files.createSymbolicLink(root.resolve("self"), root);
        assertEquals(Path.of("."), Files.readSymbolicLink(hostRoot.resolve("self")));
        assertEquals("/.", Files.readSymbolicLink(root.resolve("self")).toString());
        assertEquals("inside", Files.readString(root.resolve("self/self/data/f.txt")));
    }

    @Test
    void shouldHardLinkWhenBothInsideRoot() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("soft"), Path.of("data/f.txt"));
        Files.createLink(root.resolve("hard"), root.resolve("soft"));
        assertFalse(Files.isSymbolicLink(hostRoot.resolve("hard")));
        assertTrue(Files.isSameFile(hostRoot.resolve("hard"), hostRoot.resolve("data/f.txt")));
    }

    @Test
    void shouldActOnLinkItselfWhenNotFollowing() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("soft"), Path.of("data/f.txt"));
        assertTrue(Files.readAttributes(root.resolve("soft"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .isSymbolicLink());
        Files.delete(root.resolve("soft"));
        assertFalse(Files.exists(hostRoot.resolve("soft"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(hostRoot.resolve("data/f.txt")));
    }

    @Test
    void shouldTakeRelativePathsFromRootWhenUsed() throws IOException
    {
        assertEquals("inside", Files.readString(root.getFileSystem().getPath("data/f.txt")));
        assertEquals("/data", root.getFileSystem().getPath("data").toAbsolutePath().toString());
    }

    @Test
    void shouldWorkWhenHostRootIsReachedThroughLink() throws IOException
    {
        final Path alias = Files.createSymbolicLink(temp.resolve("alias"), hostRoot);
        final Path aliased = SandboxFileSystems.confine(alias);
        assertEquals("inside", Files.readString(aliased.resolve("data/f.txt")));
        Files.createSymbolicLink(hostRoot.resolve("via-alias"), alias.resolve("data/f.txt"));
        assertEquals("inside", Files.readString(aliased.resolve("via-alias")));
    }

    @Test
    void shouldReportHiddenWhenNameStartsWithDot() throws IOException
    {
        assertTrue(Files.isHidden(root.resolve(".profile")));
        assertFalse(Files.isHidden(root.resolve("profile")));
        assertNotNull(Files.getFileStore(root.resolve("data")));
        assertTrue(Files.isReadable(root.resolve("data/f.txt")));
    }

    @Test
    void shouldFailWhenHostDirectoryDoesNotExist()
    {
        final Path missing = temp.resolve("missing");
        final WabricException ex = assertThrows(WabricException.class, () -> SandboxFileSystems.confine(missing));
        assertTrue(ex.getMessage().startsWith("cannot confine to host directory " + missing), ex.getMessage());
        assertThrows(WabricException.class, () -> SandboxFileSystems.confine(hostRoot.resolve("data/f.txt")));
    }

    @Test
    void shouldRefuseOperationsWhenClosed() throws IOException
    {
        root.getFileSystem().close();
        assertFalse(root.getFileSystem().isOpen());
        assertThrows(ClosedFileSystemException.class, () -> Files.readString(root.resolve("data/f.txt")));
    }

    @Test
    void shouldFailWithNoSuchFileWhenMissing()
    {
        assertThrows(NoSuchFileException.class, () -> Files.readString(root.resolve("data/none.txt")));
        assertThrows(NoSuchFileException.class, () -> Files.readString(root.resolve("none/x.txt")));
        assertThrows(NoSuchFileException.class, () -> root.resolve("none").toRealPath());
    }

    @Test
    void shouldFailWhenFileIsUsedAsDirectory()
    {
        final FileSystemException ex = assertThrows(FileSystemException.class,
            () -> Files.readString(root.resolve("data/f.txt/x")));
        assertTrue(ex.getMessage().contains("f.txt is not a directory"), ex.getMessage());
    }

    @Test
    void shouldRefuseRootWhenDeletingOrMoving()
    {
        final AccessDeniedException ex = assertThrows(AccessDeniedException.class, () -> Files.delete(root));
        assertEquals("/: the sandbox root itself cannot be removed, renamed or replaced", ex.getMessage());
        assertThrows(AccessDeniedException.class, () -> Files.move(root, root.resolve("moved")));
        assertThrows(AccessDeniedException.class, () -> Files.delete(root.resolve("data/..")));
        assertTrue(Files.isDirectory(hostRoot));
    }
}
