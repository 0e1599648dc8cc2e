package io.wabric.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Assembles WebAssembly text for tests with Debian's {@code wat2wasm} (package {@code wabt}, installed by
 * {@code scripts/install-toolchain.sh}); Chicory's Java wabt artifact is not available here. Function names are
 * kept ({@code --debug-names}) so backtraces can be checked.
 */
public final class Wat
{
    private Wat()
    {
    }

    /**
     * @param wat the module's text.
     * @return the binary module.
     */
    public static byte[] assemble(final String wat)
    {
        try
        {
            final Path dir = Files.createTempDirectory("wabric-wat-");
            try
            {
                final Path source = Files.writeString(dir.resolve("module.wat"), wat, StandardCharsets.UTF_8);
                final Path binary = dir.resolve("module.wasm");
                final Path errors = dir.resolve("errors.txt");
                final Process process = new ProcessBuilder("wat2wasm", "--debug-names", source.toString(), "-o",
                    binary.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(errors.toFile())
                    .start();
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
                {
                    process.destroyForcibly();
                    throw new IllegalArgumentException("wat2wasm failed: " + Files.readString(errors) + "\n" + wat);
                }
                return Files.readAllBytes(binary);
            }
            finally
            {
                try (var files = Files.list(dir))
                {
                    for (final Path file : files.toList())
                    {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Assembles and compiles a module without a compile cache.
     *
     * @param name the module's name for messages.
     * @param wat  the module's text.
     * @return the compiled module.
     */
    public static GuestModule load(final String name, final String wat)
    {
        return new ModuleLoader(null).load(name, assemble(wat));
    }
}
