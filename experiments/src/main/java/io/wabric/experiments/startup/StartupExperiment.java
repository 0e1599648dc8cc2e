package io.wabric.experiments.startup;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.ProgramBuild;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up of {@code examples/hello.c}, timed from process start to exit as a user sees it: {@code wabric run} with
 * an empty compile cache (cold: parse, compile to bytecode, load), again with the cache filled by the cold run
 * (warm: load the cached classes), and the native executable as the floor. Variants are interleaved run by run.
 */
public final class StartupExperiment implements Experiment
{
    /** The report section of start-up measurements. */
    public static final String GROUP = "startup";
    /** The compile cache location the cold and warm runs use; see {@code CompiledCodeCache}. */
    static final String CACHE_DIR_ENV_NAME = "WABRIC_CACHE_DIR";
    static final String SOURCE = "examples/hello.c";
    static final String EXPECTED_OUTPUT = "Hello from";

    static final String NATIVE = "native";
    static final String COLD = "wabric-cold";
    static final String WARM = "wabric-warm";

    @Override
    public String name()
    {
        return "startup";
    }

    @Override
    public String group()
    {
        return GROUP;
    }

    @Override
    public String description()
    {
        return "start-up of hello.c: native, wabric run cold (empty compile cache), warm (cache filled)";
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final Path source = context.source(SOURCE);
        final ProgramBuild nativeBuild = context.nativeBuild();
        final ProgramBuild wabricBuild = context.wabricBuild();
        final Path nativeProgram = nativeBuild.build(source, "hello");
        final Path module = wabricBuild.build(source, "hello");
        final Map<String, List<Double>> samples = new LinkedHashMap<>();
        samples.put(NATIVE, new ArrayList<>());
        samples.put(COLD, new ArrayList<>());
        samples.put(WARM, new ArrayList<>());
        final int runs = context.plan().startupRuns();
        for (int run = 1; run <= runs; run++)
        {
            final Path cacheDir = freshDirectory(context.buildDir().resolve("cache-" + run));
            final Map<String, String> environment = new HashMap<>(wabricBuild.environment());
            environment.put(CACHE_DIR_ENV_NAME, cacheDir.toString());
            final List<String> wabricCommand = wabricBuild.command(module);
            final double coldMs = timeMs(context, COLD, wabricCommand, environment);
            if (isEmpty(cacheDir))
            {
                throw new ProgramException("the cold run left the compile cache " + cacheDir + " empty, so a warm " +
                    "run cannot be measured: is " + CACHE_DIR_ENV_NAME + " still honoured by wabric run?");
            }
            final double warmMs = timeMs(context, WARM, wabricCommand, environment);
            final double nativeMs = timeMs(context, NATIVE, nativeBuild.command(nativeProgram), nativeBuild.environment());
            samples.get(COLD).add(coldMs);
            samples.get(WARM).add(warmMs);
            samples.get(NATIVE).add(nativeMs);
            context.progress().step(String.format(Locale.ROOT, "run %d/%d cold %.0f ms, warm %.0f ms, native %.1f ms",
                run, runs, coldMs, warmMs, nativeMs));
        }
        for (final Map.Entry<String, List<Double>> entry : samples.entrySet())
        {
            final double[] values = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            results.add(new Measurement(GROUP, "hello", entry.getKey(), 1, Measurement.NO_SIZE, Summary.of(values),
                "ms"));
        }
    }

    private static double timeMs(
        final BenchContext context, final String variant, final List<String> command,
        final Map<String, String> environment)
    {
        final ProcessResult result = context.runner().run(command, environment).requireSuccess();
        if (!result.stdout().contains(EXPECTED_OUTPUT))
        {
            throw new ProgramException("hello (" + variant + ") printed '" + result.stdout().strip() +
                "' instead of a line containing '" + EXPECTED_OUTPUT + "'");
        }
        return result.wallNs() / 1e6;
    }

    private static Path freshDirectory(final Path directory)
    {
        try
        {
            if (Files.exists(directory))
            {
                try (var paths = Files.walk(directory))
                {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(StartupExperiment::delete);
                }
            }
            return Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare the cache directory " + directory, ex);
        }
    }

    private static void delete(final Path path)
    {
        try
        {
            Files.delete(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + path, ex);
        }
    }

    private static boolean isEmpty(final Path directory)
    {
        try (var paths = Files.walk(directory))
        {
            return paths.noneMatch(Files::isRegularFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }
}
