package io.wabric.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a benchmark's guest module from its C source with {@code bin/wabric cc}, at set-up, so a benchmark that
 * runs real guest code needs nothing prepared by hand: the repository is found from {@code -Dwabric.home} (default:
 * the working directory).
 */
public final class BenchmarkGuests
{
    private BenchmarkGuests()
    {
    }

    /**
     * @param sourcePath the C source, relative to the repository root (e.g. {@code benchmarks/mpi/collectives.c}).
     * @param ccFlags    flags for {@code bin/wabric cc} before the source (e.g. {@code -O2}).
     * @return a temporary {@code .wasm} file, deleted when the JVM exits.
     * @throws IllegalStateException when the repository, the source or the launcher cannot be found.
     * @throws UncheckedIOException  when the compiler fails, with its output.
     */
    public static Path build(final String sourcePath, final String... ccFlags)
    {
        final Path home = Path.of(System.getProperty("wabric.home", ".")).toAbsolutePath();
        final Path source = home.resolve(sourcePath);
        final Path launcher = home.resolve("bin/wabric");
        if (!Files.isRegularFile(source) || !Files.isExecutable(launcher))
        {
            throw new IllegalStateException("cannot find " + source + " and " + launcher + ": run from the " +
                "repository root or pass -Dwabric.home=DIR (or -p guestWasm=FILE.wasm built with `bin/wabric cc " +
                String.join(" ", ccFlags) + " " + sourcePath + " -o FILE.wasm`)");
        }
        try
        {
            final String name = source.getFileName().toString().replaceFirst("\\.c$", "");
            final Path wasm = Files.createTempFile(name, ".wasm");
            wasm.toFile().deleteOnExit();
            final List<String> command = new ArrayList<>(List.of(launcher.toString(), "cc"));
            command.addAll(List.of(ccFlags));
            command.addAll(List.of(source.toString(), "-o", wasm.toString()));
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (Files.isRegularFile(home.resolve("cli/target/wabric.jar")))
            {
                // compiling needs the CLI, not an up-to-date one: never rebuild the reactor under a benchmark
                builder.environment().putIfAbsent("WABRIC_SKIP_BUILD", "1");
            }
            final Process process = builder.start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0)
            {
                throw new UncheckedIOException(new IOException("bin/wabric cc failed for " + source + ":\n" + output));
            }
            return wasm;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot build " + source + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + source, ex);
        }
    }
}
