package io.wabric.experiments.density;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Run in a child JVM with a fixed heap ({@code -Xmx1g}) by {@link DensityExperiment}: compiles one module, then
 * instantiates it as idle Faaslets (linked, memory built and data segments written, nothing run), holding every one,
 * until the heap is full or a cap is reached, and prints one line:
 * {@code density instances N capped BOOL live_bytes L baseline_bytes B per_instance_bytes P create_us U}.
 *
 * <p>The live heap is measured after a full collection with every instance still held, so it is what they need, not
 * garbage; the baseline is the heap after compiling the module, before the first instance.
 */
public final class DensityProbe
{
    private DensityProbe()
    {
    }

    /**
     * @param args the module file and the cap on instances.
     */
    public static void main(final String[] args)
    {
        if (args.length != 2)
        {
            System.err.println("usage: DensityProbe MODULE.wasm CAP (run with -Xmx1g)");
            System.exit(2);
        }
        final GuestModule module = ModuleLoader.withDefaultCache().load(Path.of(args[0]));
        final int cap = Integer.parseInt(args[1]);
        final long baselineBytes = liveBytes();
        final List<Faaslet> instances = new ArrayList<>();
        boolean capped = true;
        final long startNs = System.nanoTime();
        try
        {
            while (instances.size() < cap)
            {
                instances.add(Faaslet.create(module, new FaasletOptions()));
            }
        }
        catch (final OutOfMemoryError ex)
        {
            capped = false;
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final int count = instances.size();
        final long live = liveBytes();
        final long perInstance = count == 0 ? 0 : (live - baselineBytes) / count;
        System.out.println(String.format(Locale.ROOT,
            "density instances %d capped %b live_bytes %d baseline_bytes %d per_instance_bytes %d create_us %.1f " +
            "max_heap_bytes %d", count, capped, live, baselineBytes, perInstance,
            count == 0 ? 0.0 : elapsedNs / 1e3 / count, Runtime.getRuntime().maxMemory()));
        if (instances.isEmpty())
        {
            System.exit(1);
        }
    }

    private static long liveBytes()
    {
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
