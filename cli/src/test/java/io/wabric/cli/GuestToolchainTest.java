package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clang command lines {@code wabric cc} builds: loop-shaping options on every compile of a source file, placed
 * where the user's own options override them, and never on a link alone, where clang would call them unused.
 */
final class GuestToolchainTest
{
    private static final Path UNDEFINED = Path.of("undefined.txt");

    @TempDir
    Path dir;

    private final GuestToolchain toolchain = new GuestToolchain(Path.of("/opt/wabric"));

    @Test
    void shouldShapeLoopsWhenCompilingASourceBeforeTheUsersOwnOptions()
    {
        final List<String> command = toolchain.command(false,
            List.of("-O2", "-funroll-loops", "kernel.c", "-o", "kernel.wasm"), UNDEFINED);

        final int shaping = Collections.indexOfSubList(command, GuestToolchain.LOOP_SHAPING);
        assertTrue(shaping > 0, command::toString);
        assertTrue(shaping < command.indexOf("-funroll-loops"), "the user's -funroll-loops must come last: " + command);
        assertTrue(Collections.indexOfSubList(
            toolchain.command(true, List.of("-c", "solver.cpp"), UNDEFINED), GuestToolchain.LOOP_SHAPING) > 0);
    }

    @Test
    void shouldNotPassLoopOptionsToALinkAlone()
    {
        final List<String> command = toolchain.command(false,
            List.of("main.o", "libsolver.a", "-o", "solver.wasm"), UNDEFINED);

        assertEquals(-1, Collections.indexOfSubList(command, GuestToolchain.LOOP_SHAPING), command::toString);
        assertFalse(GuestToolchain.compilesSources(List.of("-o", "x.c.wasm", "x.o")));
        assertTrue(GuestToolchain.compilesSources(List.of("-O2", "dir/x.c")));
    }

    @Test
    void shouldCompileThenLinkSeparatelyUnderWerror()
    {
        final Path object = dir.resolve("args.o");
        final Path module = dir.resolve("args.wasm");
        final Result compile = GuestProgram.wabric(List.of("cc", "-O2", "-Werror", "-c",
            GuestProgram.SOURCES.resolve("args.c").toString(), "-o", object.toString()), null, null);
        final Result link = GuestProgram.wabric(List.of("cc", "-Werror", object.toString(), "-o", module.toString()),
            null, null);
        final Result run = GuestProgram.wabric(List.of("run", module.toString(), "one", "two"), null, null);

        assertEquals(0, compile.exitCode, compile::toString);
        assertEquals(0, link.exitCode, link::toString);
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.stdout.contains("two"), run::toString);
    }
}
