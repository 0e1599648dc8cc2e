package io.wabric.core.wasi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lexical side of {@link SandboxPath}: parsing, names, normalisation and the {@link Path} algebra that
 * Chicory's WASI layer relies on ({@code getPath}, {@code normalize().toString()}, {@code resolve(String)},
 * {@code getFileName()}).
 */
class SandboxPathTest
{
    @TempDir
    Path temp;

    private Path root;
    private FileSystem fileSystem;

    @BeforeEach
    void setUp()
    {
        root = SandboxFileSystems.confine(temp);
        fileSystem = root.getFileSystem();
    }

    @Test
    void shouldShowGuestPathsWhenPrinted()
    {
        assertEquals("/", root.toString());
        assertEquals("/a/b", root.resolve("a//b/").toString());
        assertEquals("a/b", fileSystem.getPath("a", "", "b").toString());
        assertEquals("", fileSystem.getPath("").toString());
        assertFalse(root.resolve("x").toString().contains(temp.toString()));
    }

    @Test
    void shouldSplitNamesWhenParsed()
    {
        final Path path = fileSystem.getPath("/a/./b/../c");
        assertTrue(path.isAbsolute());
        assertEquals(5, path.getNameCount());
        assertEquals("c", path.getFileName().toString());
        assertEquals("/a/./b/..", path.getParent().toString());
        assertEquals(root, path.getRoot());
        assertEquals("./b", path.subpath(1, 3).toString());
        assertEquals(".", path.getName(1).toString());
        assertNull(root.getFileName());
        assertNull(root.getParent());
        assertEquals(root, fileSystem.getPath("/a").getParent());
        assertNull(fileSystem.getPath("a").getParent());
        assertNull(fileSystem.getPath("a").getRoot());
    }

    @Test
    void shouldRejectNulWhenParsing()
    {
        final InvalidPathException ex = assertThrows(InvalidPathException.class, () -> fileSystem.getPath("a\0b"));
        assertTrue(ex.getMessage().contains("nul character"), ex.getMessage());
    }

    @Test
    void shouldRejectIndexWhenOutOfRange()
    {
        final Path path = fileSystem.getPath("/a/b");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> path.getName(2));
        assertEquals("index=2 for /a/b: must be in [0, 2)", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> path.subpath(1, 1));
    }

    @Test
    void shouldClampDotDotAtRootWhenNormalizingAbsolutePath()
    {
        assertEquals("/c", fileSystem.getPath("/a/./b/../../../c").normalize().toString());
        assertEquals("/", fileSystem.getPath("/..").normalize().toString());
        assertEquals("../../c", fileSystem.getPath("a/../../../c").normalize().toString());
        assertEquals("", fileSystem.getPath("./.").normalize().toString());
    }

    @Test
    void shouldKeepDotNamesWhenResolvingLikeChicoryReaddir()
    {
        final Path dot = root.resolve(".");
        final Path dotDot = root.resolve("sub").resolve("..");
        assertEquals(".", dot.getFileName().toString());
        assertEquals("..", dotDot.getFileName().toString());
        assertEquals("/sub/..", dotDot.toString());
    }

    @Test
    void shouldResolveAndRelativizeWhenSameFileSystem()
    {
        final Path base = fileSystem.getPath("/a/b");
        assertEquals("/a/b/c/d", base.resolve("c/d").toString());
        assertEquals("/x", base.resolve("/x").toString());
        assertSame(base, base.resolve(""));
        assertEquals("/a/c", base.resolveSibling("c").toString());
        assertEquals("../c/d", base.relativize(fileSystem.getPath("/a/c/d")).toString());
        assertEquals("", base.relativize(base).toString());
        assertEquals("/a/b/c", base.resolve(base.relativize(fileSystem.getPath("/a/b/c"))).toString());
        assertThrows(IllegalArgumentException.class, () -> base.relativize(fileSystem.getPath("c")));
    }

    @Test
    void shouldRefusePathsWhenFromAnotherFileSystem()
    {
        final Path other = SandboxFileSystems.confine(temp);
        assertThrows(ProviderMismatchException.class, () -> root.resolve(other.resolve("x")));
        assertThrows(ProviderMismatchException.class, () -> root.resolve(Path.of("x")));
        assertFalse(root.resolve("x").startsWith(other));
        assertNotEquals(root, other);
    }

    @Test
    void shouldCompareNamesWhenTestingPrefixAndSuffix()
    {
        final Path path = fileSystem.getPath("/a/b/c");
        assertTrue(path.startsWith("/a/b"));
        assertTrue(path.startsWith("/"));
        assertFalse(path.startsWith("/a/bc"));
        assertFalse(path.startsWith("a"));
        assertTrue(path.endsWith("b/c"));
        assertTrue(path.endsWith("/a/b/c"));
        assertFalse(path.endsWith("/b/c"));
        assertFalse(path.endsWith(""));
        assertTrue(fileSystem.getPath("").endsWith(""));
    }

    @Test
    void shouldIterateNamesWhenIterated()
    {
        final List<String> names = new ArrayList<>();
        for (final Path name : fileSystem.getPath("/a/b/c"))
        {
            names.add(name.toString());
        }
        assertEquals(List.of("a", "b", "c"), names);
    }

    @Test
    void shouldAgreeOnEqualityWhenNamesEqual()
    {
        final Path first = fileSystem.getPath("/a/b");
        final Path second = root.resolve("a").resolve("b");
        assertEquals(first, second);
        assertEquals(first.hashCode(), second.hashCode());
        assertNotEquals(first, fileSystem.getPath("a/b"));
        assertTrue(first.compareTo(fileSystem.getPath("/a/c")) < 0);
        assertEquals(0, first.compareTo(second));
        assertEquals(first, fileSystem.getPath("a/b").toAbsolutePath());
    }

    @Test
    void shouldRefuseFileAndUriWhenAsked()
    {
        final Path path = root.resolve("x");
        final UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class, path::toFile);
        assertTrue(ex.getMessage().contains("/x"), ex.getMessage());
        assertThrows(UnsupportedOperationException.class, path::toUri);
    }

    @Test
    void shouldMatchGuestStringWhenGlobbing()
    {
        assertTrue(fileSystem.getPathMatcher("glob:/data/*.txt").matches(fileSystem.getPath("/data/a.txt")));
        assertFalse(fileSystem.getPathMatcher("glob:/data/*.txt").matches(fileSystem.getPath("/data/a/b.txt")));
        assertTrue(fileSystem.getPathMatcher("regex:.*\\.c").matches(fileSystem.getPath("src/main.c")));
    }
}
