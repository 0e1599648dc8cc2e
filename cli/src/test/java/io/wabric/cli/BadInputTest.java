package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import io.wabric.core.host.HostModules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to {@code wabric run} and {@code wabric cc}: malformed modules, missing imports and calls to undefined
 * functions end with exit status 2 (or a failed link) and one line naming the file and the reason, never a Java
 * stack trace.
 */
final class BadInputTest
{
    private static GuestProgram args;

    @TempDir
    static Path dir;

    @BeforeAll
    static void buildPrograms()
    {
        args = GuestProgram.build("args.c");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"empty", "random", "text", "truncated-header", "truncated-module", "wrong-version",
        "invalid-code", "directory", "missing"})
    void shouldRejectMalformedModuleInOneLineWithExit2(final String kind) throws IOException
    {
        final Path module = malformedModule(kind);
        final Result wabric = GuestProgram.wabric(List.of("run", module.toString()), null, null);

        assertEquals(2, wabric.exitCode, wabric::toString);
        assertEquals("", wabric.stdout, wabric::toString);
        assertEquals(1, wabric.stderr.lines().count(), wabric::toString);
        assertTrue(wabric.stderr.startsWith("wabric: " + module), wabric::toString);
        assertFalse(wabric.stderr.contains("Exception"), wabric::toString);
        assertFalse(wabric.stderr.contains("\tat "), wabric::toString);
    }

    @Test
    void shouldNameTheUnknownImportWithExit2() throws IOException
    {
        final Result wabric = runWat("imports_unknown.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.contains("env.some_unknown_function"), wabric::toString);
        assertTrue(wabric.stderr.contains("does not provide"), wabric::toString);
        assertFalse(wabric.stderr.contains("Exception"), wabric::toString);
    }

    @Test
    void shouldNameTheMpiFeatureWhenAnMpiImportIsMissing() throws IOException
    {
        final Result wabric = runWat("imports_mpi.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.contains("env.MPI_Init"), wabric::toString);
        if (HostModules.discover().feature("mpi") != null)
        {
            // Once the MPI host module is on the class path, the message must say which feature provides it.
            assertTrue(wabric.stderr.contains("mpi"), wabric::toString);
            assertTrue(wabric.stderr.contains("mpirun"), wabric::toString);
        }
        else
        {
            assertTrue(wabric.stderr.contains("does not provide"), wabric::toString);
        }
        assertFalse(wabric.stderr.contains("Exception"), wabric::toString);
    }

    @Test
    void shouldRejectMistypedWasiImportNamingBothTypes() throws IOException
    {
        final Result wabric = runWat("imports_wasi_mistyped.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.contains("wasi_snapshot_preview1.proc_exit"), wabric::toString);
        assertTrue(wabric.stderr.contains("I64") && wabric.stderr.contains("I32"), wabric::toString);
    }

    @Test
    void shouldRejectModuleWithoutStartAsNotACommand() throws IOException
    {
        final Result wabric = runWat("no_start.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.contains("_start"), wabric::toString);
        assertFalse(wabric.stderr.contains("trapped"), wabric::toString);
    }

    @Test
    void shouldRefuseStartThatTakesParametersAsBadInputNotATrap() throws IOException
    {
        final Result wabric = runWat("start_with_params.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.startsWith("wabric: " + dir.resolve("start_with_params.wasm") +
            ": _start takes 1 parameter (i32); a command's _start takes none"), wabric::toString);
        assertFalse(wabric.stderr.contains("trapped"), wabric::toString);

        final Result job = GuestProgram.wabric(List.of("mpirun", "-np", "2",
            dir.resolve("start_with_params.wasm").toString()), null, null);
        assertRefusedInOneLine(job);
        assertTrue(job.stderr.startsWith("wabric: " + dir.resolve("start_with_params.wasm") +
            ": _start takes 1 parameter (i32); a command's _start takes none"), job::toString);
    }

    @Test
    void shouldNameAMemoryImportAsOneWabricDoesNotProvide() throws IOException
    {
        final Result wabric = runWat("imports_memory.wat");
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.contains("imports_memory.wasm: imports a memory env.memory, which Wabric does not " +
            "provide: a module must define its own memory"), wabric::toString);
        assertFalse(wabric.stderr.contains("host function"), wabric::toString);
    }

    @Test
    void shouldSayADirMappingOfARegularFileIsNotADirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("in.txt"), "not a directory\n");
        final String spec = file + "::/data";
        final Result wabric = args.runWabric(List.of("--dir", spec), List.of(), null);
        assertRefusedInOneLine(wabric);
        assertTrue(wabric.stderr.startsWith("wabric: --dir " + spec + ": " + file + " is not a directory"),
            wabric::toString);
        assertFalse(wabric.stderr.contains("does not exist"), wabric::toString);
    }

    @Test
    void shouldRefuseWasmSimdInOneLineWhenCompilingAndWhenRunning() throws IOException
    {
        final Result run = runWat("simd.wat");
        assertEquals(2, run.exitCode, run::toString);
        assertEquals(1, run.stderr.lines().count(), run::toString);
        assertTrue(run.stderr.contains("simd.wasm: uses Wasm SIMD (V128_CONST), which Wabric cannot run"),
            run::toString);

        final Path module = dir.resolve("args_simd.wasm");
        final Result cc = GuestProgram.wabric(List.of("cc", "-O2", "-msimd128",
            GuestProgram.SOURCES.resolve("args.c").toString(), "-o", module.toString()), null, null);
        assertNotEquals(0, cc.exitCode, cc::toString);
        assertTrue(cc.stderr.startsWith("wabric: -msimd128: Wasm SIMD is not supported"), cc::toString);
        assertEquals(1, cc.stderr.lines().count(), cc::toString);
        assertFalse(Files.exists(module), "no module may be written");
    }

    @Test
    void shouldFailAtLinkTimeNamingTheSymbolWhenCallingAnUndefinedFunction()
    {
        final Path source = GuestProgram.SOURCES.resolve("undefined_call.c");
        final Path module = dir.resolve("undefined_call.wasm");
        final Result wabric = GuestProgram.wabric(List.of("cc", "-O2", source.toString(), "-o", module.toString()),
            null, null);
        final Result gcc = GuestProgram.run(
            List.of("gcc", "-O2", source.toString(), "-o", dir.resolve("undefined_call").toString()), null, null, null);

        assertNotEquals(0, gcc.exitCode, gcc::toString);
        assertTrue(gcc.stderr.contains("some_undefined_function"), gcc::toString);
        assertNotEquals(0, wabric.exitCode, wabric::toString);
        assertTrue(wabric.stderr.contains("undefined symbol: some_undefined_function"), wabric::toString);
        assertFalse(Files.exists(module), "no module may be written");
    }

    @Test
    void shouldLinkCallsToFunctionsWabricProvides()
    {
        // faasm_io.c calls __faasm_read_input and __faasm_write_output, which the faasm host module provides.
        final Path module = dir.resolve("faasm_io.wasm");
        final Result wabric = GuestProgram.wabric(List.of("cc", "-O2",
            GuestProgram.SOURCES.resolve("faasm_io.c").toString(), "-o", module.toString()), null, null);
        assertEquals(0, wabric.exitCode, wabric::toString);
        assertTrue(Files.isRegularFile(module));
    }

    @Test
    void shouldRefuseAnOutputFileInAMissingDirectoryBeforeRunning()
    {
        final Path module = dir.resolve("faasm_io_out.wasm");
        assertEquals(0, GuestProgram.wabric(List.of("cc", "-O2",
            GuestProgram.SOURCES.resolve("faasm_io.c").toString(), "-o", module.toString()), null, null).exitCode);
        final Path output = dir.resolve("no-such-dir").resolve("out.txt");
        final Result wabric = GuestProgram.wabric(
            List.of("run", "--input", "abc", "--output", output.toString(), module.toString()), null, null);
        assertEquals(74, wabric.exitCode, wabric::toString);
        assertEquals("", wabric.stdout, "the guest must not run: " + wabric);
        assertEquals(1, wabric.stderr.lines().count(), wabric::toString);
        assertTrue(wabric.stderr.contains("--output " + output), wabric::toString);
    }

    @Test
    void shouldReportAFullDiskInOneLine()
    {
        final Path module = dir.resolve("faasm_io_full.wasm");
        assertEquals(0, GuestProgram.wabric(List.of("cc", "-O2",
            GuestProgram.SOURCES.resolve("faasm_io.c").toString(), "-o", module.toString()), null, null).exitCode);
        final Result wabric = GuestProgram.wabric(
            List.of("run", "--input", "abc", "--output", "/dev/full", module.toString()), null, null);
        assertEquals(74, wabric.exitCode, wabric::toString);
        assertEquals(1, wabric.stderr.lines().count(), wabric::toString);
        assertTrue(wabric.stderr.contains("/dev/full"), wabric::toString);
        assertTrue(wabric.stderr.contains("No space left on device"), wabric::toString);
        assertFalse(wabric.stderr.contains("\tat "), wabric::toString);
    }

    @Test
    void shouldRejectBadRunOptionsWithExit2()
    {
        for (final List<String> options : List.of(
            List.of("--max-memory", "lots"),
            List.of("--max-memory", "1K"),
            List.of("--max-memory", "100K"),
            List.of("--env", "NOEQUALS"),
            List.of("--timeout", "-1"),
            List.of("--timeout", "soon"),
            List.of("--dir", "/no/such/dir::/data"),
            List.of("--threads", "0"),
            List.of("--no-such-option")))
        {
            final Result wabric = args.runWabric(options, List.of(), null);
            final String context = options + " -> " + wabric;
            assertEquals(2, wabric.exitCode, context);
            assertFalse(wabric.stderr.contains("Exception"), context);
            assertTrue(wabric.stderr.contains(options.get(0)), context);
        }
    }

    @Test
    void shouldRejectBadMpirunOptionsInOneLineWithExit2()
    {
        for (final List<String> options : List.of(
            List.of("--threads", "0"),
            List.of("--threads", "-2"),
            List.of("--processes", "0"),
            List.of("--processes", "3"),
            List.of("--transport", "tcp"),
            List.of("--liveness-timeout", "0"),
            List.of("--liveness-timeout", "Infinity"),
            List.of("--join-timeout", "-1"),
            List.of("--timeout", "-3"),
            List.of("--timeout", "NaN"),
            List.of("--processes", "200"),
            List.of("--host", "nohost.invalid:2"),
            List.of("--hostfile", "/nonexistent/hosts"),
            List.of("--idle", "sometimes")))
        {
            final List<String> command = new ArrayList<>(List.of("mpirun", "-np", "2"));
            command.addAll(options);
            command.add(args.module().toString());
            final Result wabric = GuestProgram.wabric(command, null, null);
            final String context = options + " -> " + wabric;
            assertEquals(2, wabric.exitCode, context);
            assertEquals(1, wabric.stderr.lines().count(), context);
            assertTrue(wabric.stderr.startsWith("wabric: " + options.get(0) + " " + options.get(1)), context);
        }
    }

    @Test
    void shouldRejectAnOutOfRangeRankCountInOneLineWithExit2()
    {
        for (final String np : List.of("0", "-1", String.valueOf(MpirunCommand.MAX_RANKS + 1)))
        {
            final Result wabric = GuestProgram.wabric(List.of("mpirun", "-np", np, args.module().toString()), null,
                null);
            assertRefusedInOneLine(wabric);
            assertTrue(wabric.stderr.startsWith("wabric: -np " + np + ": the number of ranks must be 1.." +
                MpirunCommand.MAX_RANKS), wabric::toString);
        }
    }

    /** Bad input: exit status 2 and one line on stderr. */
    private static void assertRefusedInOneLine(final Result wabric)
    {
        assertEquals(2, wabric.exitCode, wabric::toString);
        assertEquals(1, wabric.stderr.lines().count(), wabric::toString);
    }

    private static Result runWat(final String watFile) throws IOException
    {
        final Path module = dir.resolve(watFile.replace(".wat", ".wasm"));
        final Result assembled = GuestProgram.run(List.of("wat2wasm", "--debug-names",
            GuestProgram.SOURCES.resolve(watFile).toString(), "-o", module.toString()), null, null, null);
        assertEquals(0, assembled.exitCode, assembled::toString);
        return GuestProgram.wabric(List.of("run", module.toString()), null, null);
    }

    private static Path malformedModule(final String kind) throws IOException
    {
        final Path module = dir.resolve(kind + ".wasm");
        final byte[] valid = Files.readAllBytes(args.module());
        switch (kind)
        {
            case "empty":
                return Files.write(module, new byte[0]);
            case "random":
                final byte[] noise = new byte[4096];
                new Random(42).nextBytes(noise);
                return Files.write(module, noise);
            case "text":
                return Files.writeString(module, "int main(void) { return 0; }\n", StandardCharsets.UTF_8);
            case "truncated-header":
                return Files.write(module, Arrays.copyOf(valid, 6));
            case "truncated-module":
                return Files.write(module, Arrays.copyOf(valid, valid.length / 2));
            case "wrong-version":
                final byte[] version2 = valid.clone();
                version2[4] = 2;
                return Files.write(module, version2);
            case "invalid-code":
                final Path wasm = dir.resolve("invalid_code.wasm");
                final Result assembled = GuestProgram.run(List.of("wat2wasm", "--no-check",
                    GuestProgram.SOURCES.resolve("invalid_code.wat").toString(), "-o", wasm.toString()), null, null,
                    null);
                assertEquals(0, assembled.exitCode, assembled::toString);
                return wasm;
            case "directory":
                return Files.createDirectories(dir.resolve("a-directory.wasm"));
            case "missing":
                return dir.resolve("no-such-module.wasm");
            default:
                throw new IllegalArgumentException(kind);
        }
    }
}
