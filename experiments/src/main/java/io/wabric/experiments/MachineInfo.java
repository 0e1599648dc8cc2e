package io.wabric.experiments;

import io.wabric.experiments.program.ProgramException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the facts a report must state about where it ran: CPU, cores, memory, OS, JDK and compilers.
 */
final class MachineInfo
{
    static final String LOAD_AVERAGE = "Load average (1/5/15 min)";

    private MachineInfo()
    {
    }

    static Map<String, String> collect(final BenchContext context, final String loadAtStart)
    {
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available");
        facts.put("Memory", memory());
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" +
            System.getProperty("os.arch") + ")");
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Native compiler", describe(() -> context.nativeBuild().compilerVersion()) + ", flags `" +
            context.nativeBuild().description() + "`");
        facts.put("Wabric", describe(() -> context.wabricBuild().version()) + ", guests built with `" +
            context.wabricBuild().description() + "` (clang-19, wasm32-wasi, no SIMD)");
        facts.put("MPI", describe(() -> context.runner().run(List.of("mpirun", "--version"), Map.of())
            .requireSuccess().stdout().lines().findFirst().orElse("unknown").strip()));
        facts.put(LOAD_AVERAGE, "at the start " + loadAtStart + ", at the end " + loadAverage() +
            " (other work on the machine competes for its cores; above the core count, parallel timings suffer most)");
        return facts;
    }

    private static String describe(final java.util.function.Supplier<String> fact)
    {
        try
        {
            return fact.get();
        }
        catch (final ProgramException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    /**
     * @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or {@code unknown}.
     */
    static String loadAverage()
    {
        final List<String> lines = lines(Path.of("/proc/loadavg"));
        if (lines.isEmpty())
        {
            return "unknown";
        }
        final String[] words = lines.get(0).strip().split("\\s+");
        return words.length < 3 ? "unknown" : words[0] + " / " + words[1] + " / " + words[2];
    }

    private static String cpuModel()
    {
        for (final String line : lines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String memory()
    {
        for (final String line : lines(Path.of("/proc/meminfo")))
        {
            if (line.startsWith("MemTotal:"))
            {
                final long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return (kib >> 20) + " GiB";
            }
        }
        return "unknown";
    }

    private static List<String> lines(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }
}
