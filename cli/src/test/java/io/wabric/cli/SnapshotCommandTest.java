package io.wabric.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: {@code wabric cc}, {@code wabric snapshot create}, {@code wabric run --snapshot}, refusal of a
 * snapshot taken from another module, of an init export that cannot be called without arguments and of an output
 * that is the module itself, and an unwritable output; each {@code wabric} run in its own JVM as a user runs it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
final class SnapshotCommandTest
{
    @TempDir
    static Path directory;

    private static Path home;
    private static Path program;
    private static Path variant;

    /** A finished {@code wabric} process. */
    private static final class Result
    {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(final int exitCode, final String stdout, final String stderr)
        {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    @BeforeAll
    static void compile() throws IOException, InterruptedException
    {
        home = Path.of(System.getProperty("wabric.home", "..")).toAbsolutePath();
        final String source = home.resolve("tests/snapshot/preinit_hello.c").toString();
        program = directory.resolve("hello.wasm");
        variant = directory.resolve("hello2.wasm");
        final Result first = wabric("cc", "-O2", source, "-o", program.toString());
        assertEquals(0, first.exitCode, first.stderr);
        final Result second = wabric("cc", "-O2", "-DVARIANT=2", "-DZYGOTE", source, "-o", variant.toString());
        assertEquals(0, second.exitCode, second.stderr);
    }

    private static Result wabric(final String... args) throws IOException, InterruptedException
    {
        return wabricIn(directory, args);
    }

    private static Result wabricIn(final Path workingDirectory, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dwabric.home=" + home,
            "-cp", System.getProperty("java.class.path"),
            WabricCommand.class.getName()));
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(directory, "stdout", ".txt");
        final Path err = Files.createTempFile(directory, "stderr", ".txt");
        final Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "wabric " + String.join(" ", args) + " did not finish");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldStartFromSnapshotAndRefuseOtherModule() throws IOException, InterruptedException
    {
        final Path snapshot = directory.resolve("hello.snap");
        final Result created = wabric("snapshot", "create", program.toString(), "--init", "init", "-o", snapshot.toString());
        assertEquals(0, created.exitCode, created.stderr);
        assertTrue(created.stderr.contains("wrote " + snapshot), created.stderr);

        final Result plain = wabric("run", program.toString(), "x");
        assertEquals(0, plain.exitCode, plain.stderr);
        assertEquals("hello from init, variant 1; pre-initialised=no; argv[1]=x\n", plain.stdout);

        final Result restored = wabric("run", "--snapshot", snapshot.toString(), program.toString(), "y");
        assertEquals(0, restored.exitCode, restored.stderr);
        assertEquals("hello from init, variant 1; pre-initialised=yes; argv[1]=y\n", restored.stdout);

        final Result mismatch = wabric("run", "--snapshot", snapshot.toString(), variant.toString());
        assertEquals(2, mismatch.exitCode, mismatch.stderr);
        assertEquals("", mismatch.stdout);
        final String[] lines = mismatch.stderr.split("\n");
        assertEquals(1, lines.length, mismatch.stderr);
        assertTrue(lines[0].startsWith("wabric: " + snapshot + " was taken from module sha-256:"), lines[0]);
        assertTrue(lines[0].contains("wabric snapshot create"), lines[0]);
    }

    @Test
    void shouldRunFaasmZygoteWhenNoInitFunctionIsNamed() throws IOException, InterruptedException
    {
        final Path snapshot = directory.resolve("zygote.snap");
        final Result created = wabric("snapshot", "create", variant.toString(), "-o", snapshot.toString());
        assertEquals(0, created.exitCode, created.stderr);
        assertTrue(created.stderr.contains("_faasm_zygote ran in"), created.stderr);
        final Result restored = wabric("run", "--snapshot", snapshot.toString(), variant.toString(), "z");
        assertEquals(0, restored.exitCode, restored.stderr);
        assertEquals("hello from init, variant 2; pre-initialised=yes; argv[1]=z\n", restored.stdout);
    }

    @Test
    void shouldRefuseMissingInitFunction() throws IOException, InterruptedException
    {
        final Result result = wabric("snapshot", "create", program.toString(), "--init", "nope", "-o",
            directory.resolve("x.snap").toString());
        assertEquals(2, result.exitCode, result.stderr);
        assertTrue(result.stderr.contains("exports no function named nope"), result.stderr);
        final Result noZygote = wabric("snapshot", "create", program.toString(), "-o",
            directory.resolve("y.snap").toString());
        assertEquals(2, noZygote.exitCode, noZygote.stderr);
        assertTrue(noZygote.stderr.contains("exports no _faasm_zygote function"), noZygote.stderr);
    }

    @Test
    void shouldRefuseOutputThatIsTheModuleAndLeaveItUnchanged() throws IOException, InterruptedException
    {
        final Path work = Files.createDirectories(directory.resolve("same-file"));
        final Path module = Files.copy(program, work.resolve("prog.wasm"));
        final Path link = Files.createSymbolicLink(work.resolve("link.wasm"), module.getFileName());
        final byte[] before = Files.readAllBytes(module);
        for (final String[] args : List.of(
            new String[] {"-o", module.toString(), module.toString()},
            new String[] {"-o", "prog.wasm", module.toString()},
            new String[] {"-o", "./link.wasm", "../same-file/prog.wasm"},
            new String[] {"-o", module.toString(), "link.wasm"}))
        {
            final List<String> command = new ArrayList<>(List.of("snapshot", "create", "--init", "init"));
            command.addAll(List.of(args));
            final Result refused = wabricIn(work, command.toArray(new String[0]));
            final String context = String.join(" ", command) + " -> " + refused.stderr;
            assertEquals(2, refused.exitCode, context);
            assertEquals(1, refused.stderr.lines().count(), context);
            assertTrue(refused.stderr.startsWith("wabric: -o " + args[1] + ": is the module " + args[2] + " itself"),
                context);
            assertTrue(refused.stderr.contains("name another file, e.g. -o "), context);
            assertArrayEquals(before, Files.readAllBytes(module), context);
            assertTrue(Files.isSymbolicLink(link), context);
            assertEquals(List.of("link.wasm", "prog.wasm"), fileNames(work), context);
        }
    }

    @Test
    void shouldReportAnUnwritableOutputWithExit74AndLeaveNoTemporaryFile() throws IOException, InterruptedException
    {
        final Path work = Files.createDirectories(directory.resolve("unwritable"));
        final Path missing = work.resolve("no-such-dir").resolve("s.snap");
        final Result noDirectory = wabric("snapshot", "create", "--init", "init", "-o", missing.toString(),
            program.toString());
        assertEquals(74, noDirectory.exitCode, noDirectory.stderr);
        assertEquals("wabric: cannot write snapshot " + missing + ": no such directory " + missing.getParent() + "\n",
            noDirectory.stderr);

        final Path inTheWay = Files.createDirectories(work.resolve("sb"));
        final Result directoryOutput = wabric("snapshot", "create", "--init", "init", "-o", inTheWay.toString(),
            program.toString());
        assertEquals(74, directoryOutput.exitCode, directoryOutput.stderr);
        assertEquals(1, directoryOutput.stderr.lines().count(), directoryOutput.stderr);
        assertTrue(directoryOutput.stderr.startsWith("wabric: cannot write snapshot " + inTheWay +
            ": it is a directory"), directoryOutput.stderr);
        assertEquals(List.of("sb"), fileNames(work), "no temporary file may be left");
        assertEquals(List.of(), fileNames(inTheWay));

        final Result written = wabricIn(work, "snapshot", "create", "--init", "init", "-o", "ok.snap",
            program.toString());
        assertEquals(0, written.exitCode, written.stderr);
        assertEquals(List.of("ok.snap", "sb"), fileNames(work), "only the snapshot, no temporary file");
    }

    @Test
    void shouldRefuseADirectoryAsSnapshotWithExit2() throws IOException, InterruptedException
    {
        final Path notASnapshot = Files.createDirectories(directory.resolve("a-directory.snap"));
        final Result result = wabric("run", "--snapshot", notASnapshot.toString(), program.toString());
        assertEquals(2, result.exitCode, result.stderr);
        assertEquals("", result.stdout);
        assertEquals(1, result.stderr.lines().count(), result.stderr);
        assertTrue(result.stderr.startsWith("wabric: " + notASnapshot + ": is a directory, not a snapshot file"),
            result.stderr);
    }

    @Test
    void shouldRefuseAnInitExportThatTakesParametersOrIsNotAFunction() throws IOException, InterruptedException
    {
        final Path module = directory.resolve("init_exports.wasm");
        final Process wat2wasm = new ProcessBuilder("wat2wasm", home.resolve("tests/snapshot/init_exports.wat")
            .toString(), "-o", module.toString()).inheritIO().start();
        assertTrue(wat2wasm.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, wat2wasm.exitValue());
        final Path snapshot = directory.resolve("init_exports.snap");

        final Result withParameters = wabric("snapshot", "create", "--init", "init_args", "-o", snapshot.toString(),
            module.toString());
        assertEquals(2, withParameters.exitCode, withParameters.stderr);
        assertEquals("wabric: --init init_args: takes 1 parameter (i32); an init function takes none\n",
            withParameters.stderr);

        final Result memory = wabric("snapshot", "create", "--init", "memory", "-o", snapshot.toString(),
            module.toString());
        assertEquals(2, memory.exitCode, memory.stderr);
        assertEquals("wabric: --init memory: is a memory, not a function\n", memory.stderr);
        assertFalse(Files.exists(snapshot), "no snapshot may be written");
    }

    private static List<String> fileNames(final Path folder) throws IOException
    {
        try (Stream<Path> entries = Files.list(folder))
        {
            return entries.map(entry -> entry.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
