package io.wabric.cli;

import io.wabric.core.engine.CompiledCodeCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code wabric cache}: the compile cache, where every module's JVM bytecode is kept after its first run
 * ({@code -Dwabric.cache.dir}, {@code $WABRIC_CACHE_DIR} or {@code ~/.cache/wabric}). Entries are never evicted on
 * their own, and an upgrade leaves the older engine generation's directory behind (an older Wabric may still use
 * it), so this lists them and removes them, as {@code ccache -s} / {@code ccache -C} do.
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = {
        "The compile cache of guest modules (-Dwabric.cache.dir, $WABRIC_CACHE_DIR or ~/.cache/wabric).",
        "Without a subcommand: what it holds, by engine generation."
    },
    subcommands = {CacheCommand.Clean.class, CommandLine.HelpCommand.class})
public final class CacheCommand implements Callable<Integer>
{
    @Override
    public Integer call() throws IOException
    {
        final Path root = CompiledCodeCache.defaultRoot();
        final PrintStream out = System.out;
        final List<CompiledCodeCache.Generation> generations = CompiledCodeCache.generations(root);
        out.println("compile cache: " + root + (generations.isEmpty() ? " (empty)" : ""));
        for (final CompiledCodeCache.Generation generation : generations)
        {
            out.println(String.format(Locale.ROOT, "  %-40s %6d module(s) %10s%s", generation.name(),
                generation.modules(), size(generation.bytes()), generation.current() ? "  (this Wabric)" :
                "  (an earlier Wabric: `wabric cache clean --older` removes it)"));
        }
        return 0;
    }

    static String size(final long bytes)
    {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) :
            String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * {@code wabric cache clean [--older]}.
     */
    @Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        description = {
            "Remove compiled modules from the cache: the next run of each compiles it again.",
            "Only the cache's generation directories are touched; a run using the cache meanwhile loses only speed."
        })
    static final class Clean implements Callable<Integer>
    {
        @Option(names = "--older", description = "Remove only what earlier Wabric versions left; keep this one's.")
        private boolean older;

        @Override
        public Integer call() throws IOException
        {
            final Path root = CompiledCodeCache.defaultRoot();
            final List<CompiledCodeCache.Generation> removed = CompiledCodeCache.clean(root, older);
            int modules = 0;
            long bytes = 0;
            for (final CompiledCodeCache.Generation generation : removed)
            {
                modules += generation.modules();
                bytes += generation.bytes();
            }
            System.out.println("removed " + modules + " compiled module(s), " + size(bytes) + ", in " +
                removed.size() + " generation(s) from " + root);
            return 0;
        }
    }
}
