package io.wabric.core.wasi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
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
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way out of the root we know of, each refused: {@code ..}, absolute paths, symbolic links to outside
 * (files and directories, absolute and relative targets, as the last or an intermediate name, in chains, dangling),
 * creating links that point outside, renaming, copying and hard-linking across the boundary. After each test the
 * directory outside must be exactly as it was.
 */
class SandboxEscapeTest
{
    private static final String SECRET = "secret";

    @TempDir
    Path temp;

    private Path hostRoot;
    private Path outside;
    private Path root;

    @BeforeEach
    void setUp() throws IOException
    {
        hostRoot = Files.createDirectory(temp.resolve("root"));
        outside = Files.createDirectory(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(hostRoot.resolve("f.txt"), "inside");
        Files.createDirectory(hostRoot.resolve("sub"));
        Files.createSymbolicLink(hostRoot.resolve("abs-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(hostRoot.resolve("rel-file"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(hostRoot.resolve("abs-dir"), outside);
        Files.createSymbolicLink(hostRoot.resolve("sub/rel-dir"), Path.of("../../outside"));
        Files.createSymbolicLink(hostRoot.resolve("sub/up"), Path.of("../.."));
        root = SandboxFileSystems.confine(hostRoot);
    }

    @AfterEach
    void outsideIsUntouched() throws IOException
    {
        try (Stream<Path> entries = Files.list(outside))
        {
            assertEquals(List.of("secret.txt"),
                entries.map((entry) -> entry.getFileName().toString()).collect(Collectors.toList()));
        }
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
        assertTrue(Files.exists(hostRoot));
    }

    @Test
    void shouldStayInsideWhenGuestPathClimbsWithDotDot() throws IOException
    {
        assertThrows(NoSuchFileException.class, () -> Files.readString(root.resolve("../outside/secret.txt")));
        assertThrows(NoSuchFileException.class, () -> Files.readString(root.resolve("sub/../../outside/secret.txt")));
        Files.writeString(root.resolve("../../escaped.txt"), "x");
        assertTrue(Files.exists(hostRoot.resolve("escaped.txt")));
        assertFalse(Files.exists(temp.resolve("escaped.txt")));
    }

    @Test
    void shouldStayInsideWhenGuestPathIsHostAbsolute() throws IOException
    {
        final Path hostLooking = root.getFileSystem().getPath(outside.resolve("secret.txt").toString());
        assertThrows(NoSuchFileException.class, () -> Files.readString(hostLooking));
        Files.createDirectories(hostLooking.getParent());
        Files.writeString(hostLooking, "x");
        assertTrue(Files.exists(hostRoot.resolve(outside.toString().substring(1)).resolve("secret.txt")));
    }

    @Test
    void shouldRefuseWhenLinkToOutsideFileHasAbsoluteTarget()
    {
        assertDenied(() -> Files.readString(root.resolve("abs-file")),
            "/abs-file: a symbolic link target is an absolute path outside the sandbox root");
        assertDenied(() -> Files.writeString(root.resolve("abs-file"), "pwned"), null);
        assertDenied(() -> FileChannel.open(root.resolve("abs-file"), StandardOpenOption.READ), null);
        final NoSuchFileException ex =
            assertThrows(NoSuchFileException.class, () -> Files.size(root.resolve("abs-file")));
        assertEquals("/abs-file: a symbolic link target is an absolute path outside the sandbox root; treated as " +
            "a dangling link", ex.getMessage());
        assertDenied(() -> Files.readSymbolicLink(root.resolve("abs-file")), null);
        assertDenied(() -> root.resolve("abs-file").toRealPath(), null);
    }

    @Test
    void shouldRefuseWhenLinkToOutsideFileHasRelativeTarget()
    {
        assertDenied(() -> Files.readString(root.resolve("rel-file")),
            "/rel-file: a symbolic link target climbs above the sandbox root with ..");
        assertDenied(() -> Files.write(root.resolve("rel-file"), new byte[1], StandardOpenOption.APPEND), null);
        assertThrows(NoSuchFileException.class, () -> Files.readAttributes(root.resolve("rel-file"), "unix:*"));
        assertDenied(() -> Files.readSymbolicLink(root.resolve("rel-file")), null);
    }

    @Test
    void shouldRefuseWhenLinkToOutsideDirectoryIsIntermediateName()
    {
        for (final String dir : List.of("abs-dir", "sub/rel-dir", "sub/up/outside"))
        {
            assertDenied(() -> Files.readString(root.resolve(dir + "/secret.txt")), null);
            assertDenied(() -> Files.writeString(root.resolve(dir + "/new.txt"), "x"), null);
            assertDenied(() -> Files.createDirectory(root.resolve(dir + "/newdir")), null);
            assertDenied(() -> Files.delete(root.resolve(dir + "/secret.txt")), null);
            assertDenied(() -> Files.list(root.resolve(dir)).close(), null);
            assertDenied(() -> Files.readAttributes(
                root.resolve(dir + "/secret.txt"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), null);
        }
    }

    @Test
    void shouldRefuseWhenChainEndsOutside() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("c"), Path.of("sub/rel-dir/secret.txt"));
        Files.createSymbolicLink(hostRoot.resolve("b"), Path.of("c"));
        Files.createSymbolicLink(hostRoot.resolve("a"), Path.of("sub/../b"));
        assertDenied(() -> Files.readString(root.resolve("a")), "/a: a symbolic link target climbs above the " +
            "sandbox root with ..");
        assertDenied(() -> Files.createLink(root.resolve("hard"), root.resolve("a")), null);
    }

    @Test
    void shouldFailWhenLinksLoop() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("l1"), Path.of("l2"));
        Files.createSymbolicLink(hostRoot.resolve("l2"), Path.of("./l1"));
        final FileSystemException ex =
            assertThrows(FileSystemException.class, () -> Files.readString(root.resolve("l1")));
        assertEquals("/l1: too many levels of symbolic links: more than 40", ex.getMessage());
    }

    @Test
    void shouldRefuseWhenCreatingThroughDanglingLinkToOutside() throws IOException
    {
        Files.createSymbolicLink(hostRoot.resolve("dangling-rel"), Path.of("../outside/new.txt"));
        Files.createSymbolicLink(hostRoot.resolve("dangling-abs"), outside.resolve("new.txt"));
        for (final String name : List.of("dangling-rel", "dangling-abs"))
        {
            assertDenied(() -> Files.writeString(root.resolve(name), "pwned"), null);
            assertDenied(() -> FileChannel.open(root.resolve(name),
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close(), null);
            assertDenied(() -> Files.copy(root.resolve("f.txt"), root.resolve(name + "/x")), null);
        }
    }

    @Test
    void shouldDeleteAndStatLinkToOutsideWhenNotFollowing() throws IOException
    {
        assertTrue(Files.isSymbolicLink(root.resolve("abs-file")));
        assertTrue(Files.exists(root.resolve("rel-file"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("rel-file")));
        Files.delete(root.resolve("abs-file"));
        Files.delete(root.resolve("sub/rel-dir"));
        assertFalse(Files.exists(hostRoot.resolve("abs-file"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldRefuseWhenCreatingLinkPointingOutside()
    {
        final Path link = root.resolve("sub/new-link");
        assertDenied(() -> Files.createSymbolicLink(link, root.getFileSystem().getPath("../../outside")),
            "/sub/new-link: a symbolic link target climbs above the sandbox root with ..");
        assertDenied(() -> Files.createSymbolicLink(link, root.getFileSystem().getPath("up/outside")), null);
        assertDenied(() -> Files.createSymbolicLink(link, outside), null);
        assertDenied(() -> Files.createSymbolicLink(link, Path.of("../../outside")), null);
        assertDenied(() -> Files.createSymbolicLink(link, root.resolve("abs-dir/secret.txt")), null);
        assertDenied(() -> Files.createSymbolicLink(root.resolve("abs-dir/link"), root.resolve("f.txt")), null);
        assertFalse(Files.exists(hostRoot.resolve("sub/new-link"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldRefuseWhenRenamingAcrossBoundary() throws IOException
    {
        assertDenied(() -> Files.move(root.resolve("f.txt"), root.resolve("abs-dir/f.txt")), null);
        assertDenied(() -> Files.move(root.resolve("f.txt"), root.resolve("sub/up/f.txt"),
            StandardCopyOption.ATOMIC_MOVE), null);
        assertDenied(() -> Files.move(root.resolve("sub/rel-dir/secret.txt"), root.resolve("stolen.txt")), null);
        assertDenied(() -> Files.move(root.resolve("abs-dir"), root.resolve("sub/moved")), null);
        assertTrue(Files.exists(hostRoot.resolve("f.txt")));
        assertFalse(Files.exists(hostRoot.resolve("stolen.txt")));
    }

    @Test
    void shouldRefuseWhenMovedLinkWouldPointOutside() throws IOException
    {
        Files.createDirectories(hostRoot.resolve("a/b"));
        Files.createSymbolicLink(hostRoot.resolve("a/b/link"), Path.of("../../f.txt"));
        assertEquals("inside", Files.readString(root.resolve("a/b/link")));
        assertDenied(() -> Files.move(root.resolve("a/b/link"), root.resolve("link")), null);
        assertDenied(() -> Files.copy(root.resolve("a/b/link"), root.resolve("link"), LinkOption.NOFOLLOW_LINKS),
            null);
        Files.copy(root.resolve("a/b/link"), root.resolve("copy.txt"));
        assertEquals("inside", Files.readString(hostRoot.resolve("copy.txt")));
    }

    @Test
    void shouldRefuseWhenCopyingAcrossBoundary() throws IOException
    {
        assertDenied(() -> Files.copy(root.resolve("abs-file"), root.resolve("copy.txt")), null);
        assertDenied(() -> Files.copy(root.resolve("f.txt"), root.resolve("sub/rel-dir/copy.txt")), null);
        assertFalse(Files.exists(hostRoot.resolve("copy.txt")));
    }

    @Test
    void shouldReplaceLinkNotTargetWhenCopyingOntoLinkToOutside() throws IOException
    {
        Files.copy(root.resolve("f.txt"), root.resolve("abs-file"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(root.resolve("f.txt"), root.resolve("rel-file"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals("inside", Files.readString(hostRoot.resolve("abs-file")));
        assertEquals("inside", Files.readString(hostRoot.resolve("rel-file")));
        assertFalse(Files.isSymbolicLink(hostRoot.resolve("rel-file")));
    }

    @Test
    void shouldRefuseWhenHardLinkingFromOutside()
    {
        assertDenied(() -> Files.createLink(root.resolve("hard"), root.resolve("abs-dir/secret.txt")), null);
        assertDenied(() -> Files.createLink(root.resolve("hard"), root.resolve("rel-file")), null);
        assertDenied(() -> Files.createLink(root.resolve("sub/up/outside/hard"), root.resolve("f.txt")), null);
        assertFalse(Files.exists(hostRoot.resolve("hard"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldRefuseWhenSettingTimesThroughLinkToOutside() throws IOException
    {
        final FileTime before = Files.getLastModifiedTime(outside.resolve("secret.txt"));
        final BasicFileAttributeView view =
            Files.getFileAttributeView(root.resolve("abs-file"), BasicFileAttributeView.class);
        assertDenied(() -> view.setTimes(FileTime.fromMillis(0), null, null), null);
        assertDenied(() -> Files.setLastModifiedTime(root.resolve("rel-file"), FileTime.fromMillis(0)), null);
        assertDenied(() -> Files.setAttribute(root.resolve("abs-dir/secret.txt"), "lastModifiedTime",
            FileTime.fromMillis(0)), null);
        assertEquals(before, Files.getLastModifiedTime(outside.resolve("secret.txt")));
    }

    @Test
    void shouldRefuseViewWhenLinkIsSwappedAfterViewWasMade() throws IOException
    {
        Files.writeString(hostRoot.resolve("target.txt"), "t");
        Files.createSymbolicLink(hostRoot.resolve("swap"), Path.of("target.txt"));
        final BasicFileAttributeView view =
            Files.getFileAttributeView(root.resolve("swap"), BasicFileAttributeView.class);
        view.setTimes(FileTime.fromMillis(1000), null, null);
        Files.delete(hostRoot.resolve("swap"));
        Files.createSymbolicLink(hostRoot.resolve("swap"), outside.resolve("secret.txt"));
        assertDenied(() -> view.setTimes(FileTime.fromMillis(0), null, null), null);
    }

    @Test
    void shouldRefuseWhenCheckingAccessOrSamenessThroughLinkToOutside()
    {
        assertDenied(() -> root.getFileSystem().provider().checkAccess(root.resolve("abs-file")), null);
        assertDenied(() -> Files.isSameFile(root.resolve("abs-file"), root.resolve("rel-file")), null);
        assertDenied(() -> Files.getFileStore(root.resolve("abs-dir")), null);
        assertFalse(Files.isReadable(root.resolve("abs-file")));
        assertFalse(Files.isDirectory(root.resolve("abs-dir")));
    }

    private static void assertDenied(final Executable executable, final String message)
    {
        final AccessDeniedException ex = assertThrows(AccessDeniedException.class, executable);
        if (null != message)
        {
            assertEquals(message, ex.getMessage());
        }
    }
}
