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
    private MachineInfo()
    {
    }

    static Map<String, String> collect(final BenchContext context)
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
