package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wabric cache} and {@code wabric cache clean [--older]} on a compile cache of their own, filled by a real
 * {@code wabric run}.
 */
final class CacheCommandTest
{
    @Test
    void shouldListTheCacheByGenerationAndRemoveOlderGenerationsThenEverything() throws IOException
    {
        final Path cache = Files.createDirectories(GuestProgram.WORK).resolve("cache-command-test");
        GuestProgram.run(List.of("rm", "-rf", cache.toString()), null, null, null);
        final Result empty = GuestProgram.wabric(List.of("cache"), null, null, cache);
        assertEquals(0, empty.exitCode, empty::toString);
        assertEquals("compile cache: " + cache + " (empty)\n", empty.stdout, empty::toString);

        final GuestProgram args = GuestProgram.build("args.c");
        final Result run = GuestProgram.wabric(List.of("run", args.module().toString(), "x"), null, null, cache);
        assertEquals(0, run.exitCode, run::toString);
        final Path older = Files.createDirectories(cache.resolve("chicory-0.0.1"));
        Files.write(older.resolve("0123.jar"), new byte[2048]);
        Files.write(cache.resolve("notes.txt"), new byte[1]);

        final Result listed = GuestProgram.wabric(List.of("cache"), null, null, cache);
        assertEquals(0, listed.exitCode, listed::toString);
        assertTrue(listed.stdout.matches("(?s)compile cache: " + cache + "\\n" +
            "  chicory-0\\.0\\.1 +1 module\\(s\\) +2\\.0 KiB  \\(an earlier Wabric: `wabric cache clean --older` " +
            "removes it\\)\\n  chicory-\\S+ +1 module\\(s\\) +[0-9.]+ [KM]iB  \\(this Wabric\\)\\n"), listed::toString);

        final Result cleanedOlder = GuestProgram.wabric(List.of("cache", "clean", "--older"), null, null, cache);
        assertEquals(0, cleanedOlder.exitCode, cleanedOlder::toString);
        assertEquals("removed 1 compiled module(s), 2.0 KiB, in 1 generation(s) from " + cache + "\n",
            cleanedOlder.stdout);
        assertFalse(Files.exists(older));

        final Result cleaned = GuestProgram.wabric(List.of("cache", "clean"), null, null, cache);
        assertEquals(0, cleaned.exitCode, cleaned::toString);
        assertTrue(cleaned.stdout.startsWith("removed 1 compiled module(s), "), cleaned::toString);
        assertTrue(Files.exists(cache.resolve("notes.txt")), "only generation directories are removed");
        final Result after = GuestProgram.wabric(List.of("cache"), null, null, cache);
        assertEquals("compile cache: " + cache + " (empty)\n", after.stdout, after::toString);
        final Result again = GuestProgram.wabric(List.of("run", args.module().toString(), "x"), null, null, cache);
        assertEquals(run.stdout, again.stdout, "a cleaned cache costs a compile, nothing else");
    }
}
