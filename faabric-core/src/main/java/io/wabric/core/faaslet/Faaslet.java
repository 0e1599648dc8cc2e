package io.wabric.core.faaslet;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestExitException;
import io.wabric.core.engine.GuestInterruptedException;
import io.wabric.core.engine.GuestInterrupts;
import io.wabric.core.engine.GuestLinker;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.engine.MissingImportExplainer;
import io.wabric.core.engine.WasiEnvironment;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.memory.FlatMemory;
import io.wabric.core.memory.MemoryGrowthListener;
import io.wabric.core.memory.PageCounts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One guest instance with its WASI environment and host features, run on its own thread with a large stack.
 *
 * <pre>{@code
 * try (Faaslet faaslet = Faaslet.create(module, options))
 * {
 *     Outcome outcome = faaslet.run("_start");
 * }
 * }</pre>
 *
 * <p>A run never lets a guest fault reach the JVM: exits, traps, stack exhaustion and time-outs all become an
 * {@link Outcome}. Output the guest wrote before a trap has been written to its streams already.
 */
public final class Faaslet implements AutoCloseable
{
    private static final long STOP_GRACE_MS = 2_000;

    private final GuestModule module;
    private final FaasletOptions options;
    private final WasiEnvironment wasi;
    private final Guest guest;
    private final List<HostFunctionDef> functions;
    private final MissingImportExplainer explainer;
    private final AtomicBoolean growRefusalReported = new AtomicBoolean();

    private Faaslet(final GuestModule module, final FaasletOptions options, final MissingImportExplainer explainer)
    {
        this.module = module;
        this.options = options;
        this.wasi = new WasiEnvironment(options.wasi());
        final List<HostFunctionDef> functions = new ArrayList<>();
        for (final HostModule hostModule : options.hostModules())
        {
            functions.addAll(hostModule.bind(options.context()));
        }
        final MemoryFactory factory = options.memoryFactory() != null ?
            options.memoryFactory() : FlatMemory::new;
        final MemoryGrowthListener listener = new MemoryGrowthListener()
        {
            @Override
            public void onGrowRefused(final int currentPages, final int deltaPages, final int maximumPages)
            {
                reportGrowRefused(currentPages, deltaPages, "the limit is " + PageCounts.describe(maximumPages) +
                    (maximumPages >= Memory.RUNTIME_MAX_PAGES ?
                    ", the most a guest can have (its memory is one Java array)" : "; raise it with --max-memory"));
            }

            @Override
            public void onGrowOutOfHeap(final int currentPages, final int deltaPages)
            {
                reportGrowRefused(currentPages, deltaPages, "the JVM heap (" +
                    (Runtime.getRuntime().maxMemory() >> 20) + " MiB, shared by every guest of this process) " +
                    "cannot hold more; give it more with WABRIC_JAVA_OPTS=-Xmx<size>");
            }
        };
        this.functions = functions;
        this.explainer = explainer;
        this.guest = GuestLinker.of(module)
            .hostFunctions(functions)
            .wasi(wasi)
            .missingImportExplainer(explainer)
            .initialiseMemory(options.initialiseMemory())
            .memoryFactory(limits -> factory.create(limits, options.maxMemoryPages(), listener))
            .instantiate();
        options.context().attach(GuestSiblings.class, new GuestSiblings()
        {
            @Override
            public Guest instantiate()
            {
                return instantiateSibling();
            }

            @Override
            public Guest instantiate(final Memory memory)
            {
                return instantiateOver(memory);
            }
        });
    }

    private synchronized Guest instantiateOver(final Memory memory)
    {
        return GuestLinker.of(module)
            .hostFunctions(functions)
            .wasi(wasi)
            .missingImportExplainer(explainer)
            .memoryFactory(limits -> memory)
            .instantiate();
    }

    private synchronized Guest instantiateSibling()
    {
        final var memory = guest.memory();
        if (!(memory instanceof FlatMemory))
        {
            throw new IllegalStateException(module.name() + ": threads sharing memory need a FlatMemory, not " +
                memory.getClass().getSimpleName());
        }
        ((FlatMemory)memory).adoptByNextInstance();
        return GuestLinker.of(module)
            .hostFunctions(functions)
            .wasi(wasi)
            .missingImportExplainer(explainer)
            .memoryFactory(limits -> memory)
            .instantiate();
    }

    /**
     * Instantiates a module: links WASI and the host features in {@code options}, builds memory and writes data
     * segments. Nothing of the guest runs yet.
     *
     * @param module  the compiled module.
     * @param options what the guest sees and may use.
     * @return the Faaslet.
     * @throws io.wabric.core.engine.InvalidModuleException when an import is missing or mistyped.
     */
    public static Faaslet create(final GuestModule module, final FaasletOptions options)
    {
        return new Faaslet(module, options, HostModules.discover().explainer());
    }

    /**
     * @return the guest instance.
     */
    public Guest guest()
    {
        return guest;
    }

    /**
     * @return the module.
     */
    public GuestModule module()
    {
        return module;
    }

    /**
     * Runs an exported function with no arguments to completion on a guest thread, within the time-out.
     *
     * @param exportName usually {@code "_start"}.
     * @return how it ended.
     */
    public Outcome run(final String exportName)
    {
        final AtomicReference<Outcome> outcome = new AtomicReference<>();
        final Thread thread = new Thread(null, () -> outcome.set(runHere(exportName)),
            "wabric-faaslet-" + exportName, options.stackSizeBytes());
        thread.setDaemon(true);
        thread.start();
        final long timeoutMs = options.timeoutMs();
        try
        {
            thread.join(timeoutMs);
            if (thread.isAlive())
            {
                GuestInterrupts.interrupt(thread);
                thread.join(STOP_GRACE_MS);
                flushStreams();
                return Outcome.timedOut(timeoutMs);
            }
        }
        catch (final InterruptedException ex)
        {
            GuestInterrupts.interrupt(thread);
            Thread.currentThread().interrupt();
            return Outcome.timedOut(timeoutMs);
        }
        flushStreams();
        return outcome.get();
    }

    /**
     * Runs an exported function on the calling thread, which must have a stack large enough for the guest.
     *
     * @param exportName the export, with no parameters.
     * @return how it ended; a time-out is reported only by {@link #run(String)}.
     */
    public Outcome runHere(final String exportName)
    {
        try
        {
            guest.call(exportName);
            return Outcome.exited(0);
        }
        catch (final GuestExitException ex)
        {
            return Outcome.exited(ex.exitCode());
        }
        catch (final GuestInterruptedException ex)
        {
            return Outcome.timedOut(options.timeoutMs());
        }
        catch (final OutOfMemoryError ex)
        {
            return Outcome.trapped("the JVM ran out of heap (" + (Runtime.getRuntime().maxMemory() >> 20) +
                " MiB): give it more with WABRIC_JAVA_OPTS=-Xmx<size> or cap the guest with --max-memory", "");
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            if (Thread.currentThread().isInterrupted())
            {
                return Outcome.timedOut(options.timeoutMs());
            }
            return Outcome.trapped(TrapDiagnostics.reason(ex), TrapDiagnostics.backtrace(ex, module));
        }
    }

    private void reportGrowRefused(final int currentPages, final int deltaPages, final String why)
    {
        if (growRefusalReported.compareAndSet(false, true))
        {
            final String message = "wabric: " + module.name() + ": memory.grow by " + PageCounts.describe(deltaPages) +
                " refused at " + PageCounts.describe(currentPages) + ": " + why + "\n";
            try
            {
                options.wasi().stderr().write(message.getBytes(StandardCharsets.UTF_8));
                options.wasi().stderr().flush();
            }
            catch (final IOException ex)
            {
                // stderr is gone; the guest still sees memory.grow fail
            }
        }
    }

    private void flushStreams()
    {
        flush(options.wasi().stdout());
        flush(options.wasi().stderr());
    }

    private static void flush(final OutputStream stream)
    {
        try
        {
            stream.flush();
        }
        catch (final IOException ex)
        {
            // nothing more to do for a closed stream
        }
    }

    @Override
    public void close()
    {
        wasi.close();
    }
}
