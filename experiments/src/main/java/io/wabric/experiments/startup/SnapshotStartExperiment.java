package io.wabric.experiments.startup;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.program.WabricBuild;
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
 * Pre-initialised start: {@code tests/snapshot/costly_init.c}, whose {@code init} export builds 48 MiB of lookup
 * tables, started plainly ({@code wabric run}, compile cache warm, so {@code main} runs {@code init} itself) and from
 * a snapshot taken after {@code init} ({@code wabric snapshot create --init init}, then {@code wabric run
 * --snapshot}), with the native executable (which also runs {@code init}) as the floor. Every run must print the
 * same answer; the snapshot run must say it was pre-initialised. Each start takes seconds (the init is real work),
 * so this runs half as many times as the hello start-up, and once with {@code --quick}.
 */
public final class SnapshotStartExperiment implements Experiment
{
    static final String SOURCE = "tests/snapshot/costly_init.c";
    /** The guest with a costly initialiser, as its rows name it. */
    public static final String PROGRAM = "costly_init";
    static final String QUERY = "77031";
    static final String ANSWER_PREFIX = "steps(" + QUERY + ") = ";
    static final String NATIVE = "native";
    /** `wabric run` with a warm compile cache, running init itself. */
    public static final String WARM = "wabric-warm";
    /** `wabric run --snapshot` from the pre-initialised snapshot. */
    public static final String SNAPSHOT = "wabric-snapshot";

    @Override
    public String name()
    {
        return "startup-snapshot";
    }

    @Override
    public String group()
    {
        return StartupExperiment.GROUP;
    }

    @Override
    public String description()
    {
        return "start-up of a guest with a costly init: native, wabric run (warm cache), wabric run --snapshot";
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final Path source = context.source(SOURCE);
        final WabricBuild wabricBuild = context.wabricBuild();
        final Path nativeProgram = context.nativeBuild().build(source, PROGRAM);
        final Path module = wabricBuild.build(source, PROGRAM);
        final Path cacheDir = context.buildDir().resolve("cache-snapshot");
        final Map<String, String> environment = new HashMap<>(wabricBuild.environment());
        environment.put(StartupExperiment.CACHE_DIR_ENV_NAME, cacheDir.toString());
        final List<String> plain = wabricBuild.command(module, QUERY);
        context.runner().run(plain, environment).requireSuccess();
        final Path snapshot = context.buildDir().resolve(PROGRAM + ".snap");
        final List<String> create = List.of(wabricBuild.launcher().toString(), "snapshot", "create",
            module.toString(), "--init", "init", "-o", snapshot.toString());
        final ProcessResult created = context.runner().run(create, environment).requireSuccess();
        final List<String> fromSnapshot = new ArrayList<>(List.of(wabricBuild.launcher().toString(), "run",
            "--snapshot", snapshot.toString(), module.toString(), QUERY));
        results.note(StartupExperiment.GROUP, String.format(Locale.ROOT, "`wabric snapshot create` of %s took " +
            "%.0f ms and wrote a %.1f MiB snapshot.", PROGRAM, created.wallNs() / 1e6, size(snapshot) / 1048576.0));

        final Map<String, List<Double>> samples = new LinkedHashMap<>();
        String answer = null;
        final int runs = context.plan().quick() ? 1 : context.plan().startupRuns() / 2;
        for (int run = 1; run <= runs; run++)
        {
            final Map<String, Double> times = new LinkedHashMap<>();
            times.put(NATIVE, null);
            times.put(WARM, null);
            times.put(SNAPSHOT, null);
            for (final String variant : times.keySet())
            {
                final ProcessResult result = variant.equals(NATIVE) ?
                    context.runner().run(context.nativeBuild().command(nativeProgram, QUERY), Map.of()) :
                    context.runner().run(variant.equals(WARM) ? plain : fromSnapshot, environment);
                result.requireSuccess();
                final String printed = result.stdout().lines().filter(line -> line.startsWith(ANSWER_PREFIX))
                    .findFirst().orElseThrow(() -> new ProgramException(PROGRAM + " (" + variant + ") printed no '" +
                        ANSWER_PREFIX + "' line: " + result.stdout().strip()));
                if (answer == null)
                {
                    answer = printed;
                }
                else if (!answer.equals(printed))
                {
                    throw new ProgramException(PROGRAM + " (" + variant + ") answered '" + printed + "' but native '" +
                        answer + "'");
                }
                if (variant.equals(SNAPSHOT) && !result.stderr().contains("pre-initialised: yes"))
                {
                    throw new ProgramException(PROGRAM + " started with --snapshot did not see its init's state " +
                        "(stderr: " + result.stderr().strip() + ")");
                }
                times.put(variant, result.wallNs() / 1e6);
            }
            times.forEach((variant, ms) -> samples.computeIfAbsent(variant, key -> new ArrayList<>()).add(ms));
            context.progress().step(String.format(Locale.ROOT, "run %d/%d native %.0f ms, warm %.0f ms, snapshot " +
                "%.0f ms", run, runs, times.get(NATIVE), times.get(WARM), times.get(SNAPSHOT)));
        }
        samples.forEach((variant, values) -> results.add(new Measurement(StartupExperiment.GROUP, PROGRAM, variant,
            1, Measurement.NO_SIZE, Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray()), "ms")));
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the size of " + file, ex);
        }
    }
}
