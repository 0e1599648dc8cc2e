package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.wabric.cli.DifferentialRunTest.assertSameAsNative;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files under {@code --dir} mappings, against native: file I/O inside a mapped directory behaves as natively
 * (output and the host tree it leaves behind), and every escape attempt that succeeds natively ({@code ..},
 * absolute paths, symlinks made by the host or by the guest, writing next to the mapping) is denied.
 *
 * <p>These tests need Wabric's confined WASI file system ({@code io.wabric.core.wasi.Sandbox*}), which replaces
 * the pass-through placeholder in {@code SandboxFileSystems}; with the placeholder, symlinks lead out of the
 * mapping and rename fails (Chicory asks for ATOMIC_MOVE with COPY_ATTRIBUTES, which the JDK's default provider
 * rejects).
 */
final class SandboxDifferentialTest
{
    private static final String SECRET = "TOP-SECRET-HOST-FILE";
    private static final String SECRET_IN_DIR = "SECRET-IN-SIBLING-DIR";

    private static GuestProgram files;
    private static GuestProgram sandboxEscape;

    @BeforeAll
    static void buildPrograms()
    {
        files = GuestProgram.build("files.c");
        sandboxEscape = GuestProgram.build("sandbox_escape.c");
    }

    @Test
    void shouldDoFileIoInMappedDirLikeNative(@TempDir final Path root) throws IOException
    {
        final Path nativeDir = Files.createDirectories(root.resolve("native"));
        final Path wabricDir = Files.createDirectories(root.resolve("wabric"));

        final Result nativeRun = files.runNative(List.of(nativeDir.toString()), null, null);
        final Result wabric = files.runWabric(List.of("--dir", wabricDir + "::/data"), List.of("/data"), null);

        assertSameAsNative(nativeRun, wabric);
        assertEquals(0, wabric.exitCode, wabric::toString);
        assertEquals(tree(nativeDir), tree(wabricDir), "the host directories left behind differ");
    }

    @Test
    void shouldDoFileIoInDirMappedUnderItsOwnPath(@TempDir final Path root) throws IOException
    {
        final Path nativeDir = Files.createDirectories(root.resolve("native"));
        final Path wabricDir = Files.createDirectories(root.resolve("wabric"));

        final Result nativeRun = files.runNative(List.of(nativeDir.toString()), null, null);
        final Result wabric = files.runWabric(List.of("--dir", wabricDir.toString()), List.of(wabricDir.toString()),
            null);

        assertSameAsNative(nativeRun, wabric);
        assertEquals(tree(nativeDir), tree(wabricDir));
    }

    @Test
    void shouldResolveRelativePathsInDirMappedAsDot(@TempDir final Path root) throws IOException
    {
        // `wabric run --dir . prog.wasm .` from inside the directory, as wasmtime users write it.
        final Path nativeDir = Files.createDirectories(root.resolve("native"));
        final Path wabricDir = Files.createDirectories(root.resolve("wabric"));

        final Result nativeRun = files.runNative(List.of(nativeDir.toString()), null, null);
        final Result wabric = GuestProgram.wabric(List.of("run", "--dir", ".", files.module().toString(), "."), null,
            wabricDir);

        assertSameAsNative(nativeRun, wabric);
        assertEquals(tree(nativeDir), tree(wabricDir));
    }

    /**
     * With descriptor 0 closed, the JVM's first own file (its class library) takes it; the guest's stdin must not be
     * that file. Checked without the launcher's own guard ({@code bin/wabric} points closed descriptors at
     * /dev/null): the JVM runs the CLI directly from bash with {@code <&-}.
     */
    @Test
    void shouldGiveTheGuestNoInputWhenStdinIsClosed() throws Exception
    {
        final GuestProgram echo = GuestProgram.build("stdin_echo.c");
        final Process process = shell("exec \"$0\" -cp \"$1\" " + WabricCommand.class.getName() + " run \"$2\" <&-",
            echo.module());
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the run did not end: " + output);

        assertEquals(0, process.exitValue(), output);
        assertEquals("\nbytes=0 lines=0 eof=1\n", output);
    }

    /**
     * A guest writing to a pipe whose reader went away ends with status 141, as SIGPIPE ends the native program,
     * instead of running on with every write failing.
     */
    @Test
    void shouldEndTheGuestWithStatus141WhenItsOutputPipeCloses() throws Exception
    {
        final GuestProgram endless = GuestProgram.build("endless_output.c");
        final Process nativeRun = new ProcessBuilder("bash", "-c", "\"$0\" | head -n 2; exit ${PIPESTATUS[0]}",
            endless.nativeExecutable().toString()).redirectErrorStream(true).start();
        final String nativeOutput = new String(nativeRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nativeRun.waitFor(60, TimeUnit.SECONDS), nativeOutput);

        final Process wabric = shell("\"$0\" -cp \"$1\" " + WabricCommand.class.getName() + " run \"$2\" | " +
            "head -n 2; exit ${PIPESTATUS[0]}", endless.module());
        final String output = new String(wabric.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(wabric.waitFor(60, TimeUnit.SECONDS), "the guest ran on after its reader left: " + output);

        assertEquals(141, nativeRun.exitValue(), nativeOutput);
        assertEquals(nativeOutput, output);
        assertEquals(141, wabric.exitValue(), output);
    }

    /**
     * The same under {@code wabric mpirun}: the rank whose write fails ends with 141 and ends the job, in one JVM
     * and over two processes.
     */
    @Test
    void shouldEndTheMpiJobWithStatus141WhenItsOutputPipeCloses() throws Exception
    {
        final GuestProgram endless = GuestProgram.build("endless_output.c");
        for (final String processes : List.of("1", "2"))
        {
            // Agrona (Aeron's buffers) needs jdk.internal.misc, which the jar's manifest opens for bin/wabric
            final Process wabric = shell("\"$0\" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp \"$1\" " +
                WabricCommand.class.getName() + " mpirun -np 2 " +
                "--processes " + processes + " \"$2\" 2>/dev/null | head -n 2; exit ${PIPESTATUS[0]}",
                endless.module());
            final String output = new String(wabric.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(wabric.waitFor(90, TimeUnit.SECONDS), "the job ran on after its reader left: " + output);

            assertEquals(141, wabric.exitValue(), "--processes " + processes + ": " + output);
            assertEquals(2, output.lines().count(), output);
        }
    }

    /**
     * Runs a bash command line with this JVM's {@code java} as $0, the test class path as $1 and the module as $2,
     * stdout and stderr together.
     */
    private static Process shell(final String commandLine, final Path module) throws IOException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder("bash", "-c", commandLine, java, System.getProperty("java.class.path"),
            module.toString())
            .redirectErrorStream(true)
            .start();
    }

    @Test
    void shouldDenyEveryEscapeThatSucceedsNatively(@TempDir final Path root) throws IOException
    {
        final Path box = sandboxWithEscapeHatches(root);
        final Result nativeRun = sandboxEscape.runNative(List.of(box.toString()), null, null);
        Files.deleteIfExists(root.resolve("planted"));

        final Result wabric = sandboxEscape.runWabric(List.of("--dir", box + "::/sandbox"), List.of("/sandbox"), null);
        final String context = "native: " + nativeRun + "\nwabric: " + wabric;

        // Natively the attempts are real escapes: the secret is read and a file is planted outside.
        assertTrue(nativeRun.stdout.contains("dotdot: READ " + SECRET), context);
        assertTrue(nativeRun.stdout.contains("symlink_absolute: READ " + SECRET), context);
        assertTrue(nativeRun.stdout.contains("symlinked_dir: READ " + SECRET_IN_DIR), context);

        assertEquals(0, wabric.exitCode, context);
        assertTrue(wabric.stdout.contains("inside: READ inside-ok"), context);
        final List<String> attempts = wabric.stdout.lines().filter(line -> !line.startsWith("inside:")).toList();
        assertEquals(nativeRun.stdout.lines().count() - 1, attempts.size(), context);
        for (final String attempt : attempts)
        {
            assertTrue(attempt.endsWith(": denied"), () -> "escaped: " + attempt + "\n" + context);
        }
        assertFalse(wabric.stdout.contains("SECRET"), context);
        assertFalse(wabric.stdout.contains("root:"), context);
        assertFalse(Files.exists(root.resolve("planted")), "the guest planted a file outside its directory");
        assertFalse(wabric.stderr.contains("Exception"), context);
    }

    @Test
    void shouldDenyEscapesWhenDirIsMappedUnderItsHostPath(@TempDir final Path root) throws IOException
    {
        final Path box = sandboxWithEscapeHatches(root);
        final Result wabric = sandboxEscape.runWabric(List.of("--dir", box.toString()), List.of(box.toString()), null);

        assertTrue(wabric.stdout.contains("inside: READ inside-ok"), wabric::toString);
        assertFalse(wabric.stdout.contains("SECRET"), wabric::toString);
        assertFalse(Files.exists(root.resolve("planted")), "the guest planted a file outside its directory");
    }

    /**
     * {@code root/secret}, {@code root/outdir/secret}, and {@code root/box} holding a file and symlinks that point
     * out: {@code link_relative -> ../secret}, {@code link_absolute -> root/secret}, {@code link_dir -> ../outdir}.
     */
    private static Path sandboxWithEscapeHatches(final Path root) throws IOException
    {
        Files.writeString(root.resolve("secret"), SECRET + "\n");
        final Path outdir = Files.createDirectories(root.resolve("outdir"));
        Files.writeString(outdir.resolve("secret"), SECRET_IN_DIR + "\n");
        final Path box = Files.createDirectories(root.resolve("box"));
        Files.createDirectories(box.resolve("sub"));
        Files.writeString(box.resolve("inside.txt"), "inside-ok\n");
        Files.createSymbolicLink(box.resolve("link_relative"), Path.of("../secret"));
        Files.createSymbolicLink(box.resolve("link_absolute"), root.resolve("secret").toAbsolutePath());
        Files.createSymbolicLink(box.resolve("link_dir"), Path.of("../outdir"));
        return box;
    }

    /** Relative path to file contents ("<dir>" for directories), to compare two host trees. */
    private static TreeMap<String, String> tree(final Path dir) throws IOException
    {
        final TreeMap<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path path : walk.filter(path -> !path.equals(dir)).toList())
            {
                entries.put(dir.relativize(path).toString(),
                    Files.isDirectory(path) ? "<dir>" : Files.readString(path, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return entries;
    }
}
