package io.wabric.cli;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.WasiConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Builds the OpenMP test programs of {@code tests/openmp} natively ({@code gcc -fopenmp -O2}) and for Wabric
 * ({@code wabric cc -fopenmp -O2}), and runs them: natively as processes, on Wabric in this JVM the way
 * {@code wabric run} does.
 */
final class OpenMpPrograms
{
    static final Path HOME = GuestToolchain.home().toAbsolutePath().normalize();
    static final Path SOURCES = HOME.resolve("tests").resolve("openmp");
    private static final Path BUILD = HOME.resolve("cli").resolve("target").resolve("openmp-tests");
    private static final ConcurrentHashMap<String, Path> BUILT = new ConcurrentHashMap<>();

    /** The output of one run. */
    record Run(Outcome outcome, String stdout, String stderr)
    {
    }

    private OpenMpPrograms()
    {
    }

    static synchronized Path wasm(final String relativeSource)
    {
        return BUILT.computeIfAbsent(relativeSource + ".wasm", key ->
        {
            final Path out = output(relativeSource, ".wasm");
            assertEquals(0, WabricCommand.execute("cc", "-fopenmp", "-O2", SOURCES.resolve(relativeSource).toString(),
                "-o", out.toString(), "-lm"), "wabric cc -fopenmp " + relativeSource);
            return out;
        });
    }

    static synchronized Path nativeBinary(final String relativeSource)
    {
        return BUILT.computeIfAbsent(relativeSource + ".native", key ->
        {
            final Path out = output(relativeSource, ".native");
            final ProcessResult result = process(List.of("gcc", "-fopenmp", "-O2",
                SOURCES.resolve(relativeSource).toString(), "-o", out.toString(), "-lm"), 1);
            assertEquals(0, result.status, "gcc -fopenmp " + relativeSource + ": " + result.stderr);
            return out;
        });
    }

    static String runNative(final String relativeSource, final int threads)
    {
        final ProcessResult result = process(List.of(nativeBinary(relativeSource).toString()), threads);
        assertEquals(0, result.status, relativeSource + " natively at " + threads + " threads: " + result.stderr);
        return result.stdout;
    }

    static Run runWabric(final String relativeSource, final int threads, final long timeoutMs, final String mode)
        throws IOException
    {
        return runWabric(relativeSource, threads, timeoutMs, mode, options -> {});
    }

    static Run runWabric(
        final String relativeSource,
        final int threads,
        final long timeoutMs,
        final String mode,
        final Consumer<FaasletOptions> adjust)
        throws IOException
    {
        final Path module = wasm(relativeSource);
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final WasiConfig wasi = new WasiConfig()
            .arguments(List.of(module.getFileName().toString()))
            .stdio(InputStream.nullInputStream(), stdout, stderr);
        final FaasletOptions options = new FaasletOptions()
            .wasi(wasi)
            .context(new FaasletContext(new byte[0], OutputStream.nullOutputStream()))
            .timeoutMs(timeoutMs);
        final HostModules hostModules = HostModules.discover();
        options.hostModule(hostModules.feature("faasm"));
        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        OpenMpLaunch.configure(hostModules, guestModule, options, mode, threads);
        adjust.accept(options);
        try (Faaslet faaslet = Faaslet.create(guestModule, options))
        {
            final Outcome outcome = faaslet.run("_start");
            return new Run(outcome, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        }
    }

    static List<String> sortedLines(final String text)
    {
        final List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.sort(null);
        return lines;
    }

    private static Path output(final String relativeSource, final String suffix)
    {
        try
        {
            Files.createDirectories(BUILD);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create " + BUILD, ex);
        }
        return BUILD.resolve(relativeSource.replace('/', '_').replace(".c", suffix));
    }

    private record ProcessResult(int status, String stdout, String stderr)
    {
    }

    private static ProcessResult process(final List<String> command, final int threads)
    {
        try
        {
            final ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            final Path out = Files.createTempFile("omp-native-", ".out");
            final Path err = Files.createTempFile("omp-native-", ".err");
            try
            {
                builder.redirectOutput(out.toFile()).redirectError(err.toFile());
                final Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " took more than 120 s");
                }
                return new ProcessResult(process.exitValue(), Files.readString(out), Files.readString(err));
            }
            finally
            {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, ex);
        }
    }
}
