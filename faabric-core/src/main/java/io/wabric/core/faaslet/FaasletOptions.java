package io.wabric.core.faaslet;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.host.HostModule;
import io.wabric.core.wasi.WasiConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * How to run one Faaslet: what it sees (WASI), which host features it gets, and its limits.
 */
public final class FaasletOptions
{
    /**
     * Default Java stack for guest threads: Wasm call depth is the Java stack depth. 128 MiB holds about 4 million
     * frames of a small compiled Wasm function (native Linux code gets ~250 thousand in its 8 MiB), while endless
     * recursion still ends in about half a second: with 512 MiB the same trap took 5-10 s and 2-3 GB of RSS
     * unwinding 17 million frames (measured on the tests' 2-core machine, JDK 17).
     */
    public static final long STACK_SIZE_DEFAULT_BYTES = 128L << 20;

    private WasiConfig wasi = new WasiConfig();
    private final List<HostModule> hostModules = new ArrayList<>();
    private FaasletContext context = new FaasletContext(new byte[0], java.io.OutputStream.nullOutputStream());
    private long timeoutMs;
    private int maxMemoryPages = Memory.RUNTIME_MAX_PAGES;
    private long stackSizeBytes = STACK_SIZE_DEFAULT_BYTES;
    private MemoryFactory memoryFactory;
    private boolean initialiseMemory = true;

    /**
     * @param wasi what the guest sees.
     * @return this.
     */
    public FaasletOptions wasi(final WasiConfig wasi)
    {
        this.wasi = wasi;
        return this;
    }

    /**
     * @return what the guest sees.
     */
    public WasiConfig wasi()
    {
        return wasi;
    }

    /**
     * @param module a host feature to bind.
     * @return this.
     */
    public FaasletOptions hostModule(final HostModule module)
    {
        hostModules.add(module);
        return this;
    }

    /**
     * @return the host features to bind.
     */
    public List<HostModule> hostModules()
    {
        return hostModules;
    }

    /**
     * @param context the Faaslet's input, output and feature state.
     * @return this.
     */
    public FaasletOptions context(final FaasletContext context)
    {
        this.context = context;
        return this;
    }

    /**
     * @return the Faaslet's context.
     */
    public FaasletContext context()
    {
        return context;
    }

    /**
     * @param timeoutMs wall-clock limit for the run, 0 for none.
     * @return this.
     */
    public FaasletOptions timeoutMs(final long timeoutMs)
    {
        this.timeoutMs = timeoutMs;
        return this;
    }

    /**
     * @return wall-clock limit for the run, 0 for none.
     */
    public long timeoutMs()
    {
        return timeoutMs;
    }

    /**
     * @param maxMemoryPages cap on linear memory in 64 KiB pages.
     * @return this.
     */
    public FaasletOptions maxMemoryPages(final int maxMemoryPages)
    {
        this.maxMemoryPages = maxMemoryPages;
        return this;
    }

    /**
     * @return cap on linear memory in 64 KiB pages.
     */
    public int maxMemoryPages()
    {
        return maxMemoryPages;
    }

    /**
     * @param stackSizeBytes Java stack size of the guest thread.
     * @return this.
     */
    public FaasletOptions stackSizeBytes(final long stackSizeBytes)
    {
        this.stackSizeBytes = stackSizeBytes;
        return this;
    }

    /**
     * @return Java stack size of the guest thread.
     */
    public long stackSizeBytes()
    {
        return stackSizeBytes;
    }

    /**
     * @param memoryFactory builds the guest's memory instead of a {@link io.wabric.core.memory.FlatMemory}, e.g. a
     *                      copy-on-write memory restored from a snapshot; {@code null} for the default.
     * @return this.
     */
    public FaasletOptions memoryFactory(final MemoryFactory memoryFactory)
    {
        this.memoryFactory = memoryFactory;
        return this;
    }

    /**
     * @return the memory factory, or {@code null} for the default.
     */
    public MemoryFactory memoryFactory()
    {
        return memoryFactory;
    }

    /**
     * @param initialiseMemory false when the memory factory supplies memory that already holds the module's data
     *                         (a snapshot), so data segments must not be written again.
     * @return this.
     */
    public FaasletOptions initialiseMemory(final boolean initialiseMemory)
    {
        this.initialiseMemory = initialiseMemory;
        return this;
    }

    /**
     * @return whether data segments are written at instantiation.
     */
    public boolean initialiseMemory()
    {
        return initialiseMemory;
    }
}
