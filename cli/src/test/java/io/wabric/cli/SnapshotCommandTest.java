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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: {@code wabric cc}, {@code wabric snapshot create}, {@code wabric run --snapshot}, and refusal of a
 * snapshot taken from another module, each {@code wabric} run in its own JVM as a user runs it.
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
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dwabric.home=" + home,
            "-cp", System.getProperty("java.class.path"),
            WabricCommand.class.getName()));
        command.addAll(List.of(args));
        final Path out = Files.createTempFile(directory, "stdout", ".txt");
        final Path err = Files.createTempFile(directory, "stderr", ".txt");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
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
}
