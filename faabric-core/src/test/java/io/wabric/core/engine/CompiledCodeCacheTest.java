package io.wabric.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CompiledCodeCache}: entries by digest, notes beside them, and listing and removing generations the way
 * {@code wabric cache} does, touching nothing else under the root.
 */
final class CompiledCodeCacheTest
{
    @TempDir
    Path root;

    @Test
    void shouldKeepAnEntryAndItsNoteUnderTheCurrentGeneration() throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(root);
        assertNull(cache.get("abc"));
        cache.putIfAbsent("abc", new byte[] {1, 2, 3});
        cache.putIfAbsent("abc", new byte[] {9});
        cache.putNote("abc", "a note\n");
        assertArrayEquals(new byte[] {1, 2, 3}, cache.get("abc"), "the first entry stays");
        assertEquals("a note\n", cache.note("abc"));
        assertEquals(root.resolve(CompiledCodeCache.ENGINE_GENERATION), cache.directory());
    }

    @Test
    void shouldListGenerationsAndRemoveOnlyOlderOnesThenAllOfThem() throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(root);
        cache.putIfAbsent("one", new byte[100]);
        cache.putIfAbsent("two", new byte[50]);
        cache.putNote("two", "x");
        final Path older = Files.createDirectories(root.resolve("chicory-1.0.0-poll"));
        Files.write(older.resolve("old.jar"), new byte[1000]);
        final Path unrelated = Files.createDirectories(root.resolve("my-files"));
        Files.write(unrelated.resolve("keep.jar"), new byte[7]);
        Files.write(root.resolve("keep.txt"), new byte[7]);

        assertEquals(List.of(
            new CompiledCodeCache.Generation("chicory-1.0.0-poll", false, 1, 1000),
            new CompiledCodeCache.Generation(CompiledCodeCache.ENGINE_GENERATION, true, 2, 151)),
            CompiledCodeCache.generations(root));

        assertEquals(List.of(new CompiledCodeCache.Generation("chicory-1.0.0-poll", false, 1, 1000)),
            CompiledCodeCache.clean(root, true));
        assertFalse(Files.exists(older));
        assertArrayEquals(new byte[100], cache.get("one"), "this Wabric's generation is kept");

        assertEquals(1, CompiledCodeCache.clean(root, false).size());
        assertNull(cache.get("one"));
        assertFalse(Files.exists(cache.directory()));
        assertTrue(Files.exists(unrelated.resolve("keep.jar")) && Files.exists(root.resolve("keep.txt")),
            "nothing but generation directories is touched");
        assertEquals(List.of(), CompiledCodeCache.generations(root));

        cache.putIfAbsent("one", new byte[3]);
        assertArrayEquals(new byte[3], cache.get("one"), "a removed generation is made again on the next write");
    }

    @Test
    void shouldLeaveASymbolicLinkNamedLikeAGenerationAndWhatItPointsTo() throws IOException
    {
        final Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.write(elsewhere.resolve("precious.jar"), new byte[5]);
        Files.createSymbolicLink(root.resolve("chicory-9.9.9"), elsewhere);
        assertEquals(List.of(), CompiledCodeCache.generations(root));
        assertEquals(List.of(), CompiledCodeCache.clean(root, false));
        assertTrue(Files.exists(elsewhere.resolve("precious.jar")));
    }

    @Test
    void shouldFindNothingUnderARootThatDoesNotExist() throws IOException
    {
        assertEquals(List.of(), CompiledCodeCache.generations(root.resolve("missing")));
        assertEquals(List.of(), CompiledCodeCache.clean(root.resolve("missing"), false));
    }
}
