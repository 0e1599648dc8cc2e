package io.wabric.experiments.density;

import io.wabric.experiments.BenchContext;
import io.wabric.experiments.Experiment;
import io.wabric.experiments.program.ProcessResult;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;
import io.wabric.experiments.result.Summary;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many idle Faaslets of {@code examples/hello.c} (built by {@code wabric cc -O2}) fit in a 1 GiB heap: runs
 * {@link DensityProbe} in a child JVM with {@code -Xmx1g} and records the count and the live heap per instance.
 */
public final class DensityExperiment implements Experiment
{
    /** The report section. */
    public static final String GROUP = "density";
    static final String SOURCE = "examples/hello.c";
    static final String HEAP = "-Xmx1g";
    static final int CAP = 100_000;

    @Override
    public String name()
    {
        return "density";
    }

    @Override
    public String group()
    {
        return GROUP;
    }

    @Override
    public String description()
    {
        return "idle Faaslets of hello.wasm that fit in a 1 GiB heap (-Xmx1g), and heap per instance";
    }

    @Override
    public void run(final BenchContext context, final Results results)
    {
        final Path module = context.wabricBuild().build(context.source(SOURCE), "hello");
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final String classPath = classPath();
        final Map<String, String> environment = new HashMap<>();
        environment.put("WABRIC_CACHE_DIR", context.buildDir().resolve("cache-density").toString());
        final ProcessResult result = context.runner().run(List.of(java.toString(), HEAP, "-cp", classPath,
            DensityProbe.class.getName(), module.toString(), Integer.toString(CAP)), environment).requireSuccess();
        final Map<String, String> values = parse(result.stdout());
        final int instances = Integer.parseInt(values.get("instances"));
        final double perInstanceKiB = Long.parseLong(values.get("per_instance_bytes")) / 1024.0;
        final double createUs = Double.parseDouble(values.get("create_us"));
        context.progress().step(String.format(Locale.ROOT, "%d instances (%s), %.0f KiB live heap each, %.0f us to " +
            "create each", instances, Boolean.parseBoolean(values.get("capped")) ? "cap reached" : "heap full",
            perInstanceKiB, createUs));
        results.add(new Measurement(GROUP, "hello-instances", "wabric", 1, Measurement.NO_SIZE,
            Summary.of(instances), "instances"));
        results.add(new Measurement(GROUP, "hello-heap-per-instance", "wabric", 1, Measurement.NO_SIZE,
            Summary.of(perInstanceKiB), "KiB"));
        results.add(new Measurement(GROUP, "hello-create", "wabric", 1, Measurement.NO_SIZE, Summary.of(createUs),
            "us"));
        results.note(GROUP, String.format(Locale.ROOT, "The child JVM's maximum heap was %.0f MiB; %s; live heap " +
            "%.0f MiB of which %.0f MiB before the first instance (the compiled module and the runtime).",
            Long.parseLong(values.get("max_heap_bytes")) / 1048576.0, Boolean.parseBoolean(values.get("capped")) ?
            "the cap of " + CAP + " instances was reached before the heap filled" : "instantiation stopped at " +
            "OutOfMemoryError", Long.parseLong(values.get("live_bytes")) / 1048576.0,
            Long.parseLong(values.get("baseline_bytes")) / 1048576.0));
    }

    static Map<String, String> parse(final String stdout)
    {
        final String line = stdout.lines().filter(l -> l.startsWith("density ")).findFirst()
            .orElseThrow(() -> new ProgramException("DensityProbe printed no 'density' line: " + stdout.strip()));
        final String[] words = line.strip().split("\\s+");
        final Map<String, String> values = new HashMap<>();
        for (int i = 1; i + 1 < words.length; i += 2)
        {
            values.put(words[i], words[i + 1]);
        }
        for (final String key : List.of("instances", "capped", "live_bytes", "baseline_bytes", "per_instance_bytes",
            "create_us", "max_heap_bytes"))
        {
            if (!values.containsKey(key))
            {
                throw new ProgramException("DensityProbe's line '" + line + "' lacks " + key);
            }
        }
        return values;
    }

    private static String classPath()
    {
        try
        {
            return Path.of(DensityProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot locate the experiments jar for the density probe", ex);
        }
    }
}
