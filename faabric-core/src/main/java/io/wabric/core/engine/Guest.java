package io.wabric.core.engine;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;

/**
 * One instance of a guest module: its memory, globals, table and exports, as host code sees them.
 *
 * <p>The only type outside this package that touches an engine instance. Memory is exposed as the engine's
 * {@link Memory} SPI because Wabric's own memories implement it and compiled code calls it directly; everything
 * else goes through the methods here, so a change of engine stays inside {@code io.wabric.core.engine}.
 */
public final class Guest
{
    private final GuestModule module;
    private Instance instance;

    Guest(final GuestModule module)
    {
        this.module = module;
    }

    void bind(final Instance instance)
    {
        this.instance = instance;
    }

    /**
     * @return the module this is an instance of.
     */
    public GuestModule module()
    {
        return module;
    }

    /**
     * @return the instance's linear memory 0.
     */
    public Memory memory()
    {
        return instance.memory();
    }

    /**
     * Calls an exported function.
     *
     * @param exportName the export.
     * @param args       raw Wasm arguments.
     * @return raw results, possibly {@code null} or empty for none.
     * @throws GuestExitException        when the guest calls {@code exit}.
     * @throws GuestInterruptedException when the thread is interrupted while the guest runs.
     */
    public long[] call(final String exportName, final long... args)
    {
        try
        {
            return instance.export(exportName).apply(args);
        }
        catch (final WasiExitException ex)
        {
            throw new GuestExitException(ex.exitCode());
        }
        catch (final ChicoryInterruptedException ex)
        {
            throw new GuestInterruptedException(ex);
        }
    }

    /**
     * Calls the function a C function pointer designates: an index into table 0.
     *
     * @param functionPointer the element index in table 0.
     * @param args            raw Wasm arguments.
     * @return raw results.
     * @throws GuestExitException        when the guest calls {@code exit}.
     * @throws GuestInterruptedException when the thread is interrupted while the guest runs.
     */
    public long[] callFunctionPointer(final int functionPointer, final long... args)
    {
        final int functionIndex = instance.table(0).requiredRef(functionPointer);
        try
        {
            return instance.getMachine().call(functionIndex, args);
        }
        catch (final WasiExitException ex)
        {
            throw new GuestExitException(ex.exitCode());
        }
        catch (final ChicoryInterruptedException ex)
        {
            throw new GuestInterruptedException(ex);
        }
    }

    /**
     * @param functionPointer an element index in table 0.
     * @return the function's name, for messages.
     */
    public String functionPointerName(final int functionPointer)
    {
        return module.functionName(instance.table(0).requiredRef(functionPointer));
    }

    /**
     * @param exportName an exported global, e.g. {@code __stack_pointer} when linked with
     *                   {@code --export=__stack_pointer}.
     * @return its value as raw bits.
     */
    public long global(final String exportName)
    {
        return exportedGlobal(exportName).getValue();
    }

    /**
     * Sets an exported mutable global; compiled code re-reads globals, so the change takes effect at once.
     *
     * @param exportName the exported global.
     * @param value      raw bits.
     */
    public void global(final String exportName, final long value)
    {
        exportedGlobal(exportName).setValue(value);
    }

    /**
     * @return the number of globals (imported and defined).
     */
    public int globalCount()
    {
        return instance.globalCount();
    }

    /**
     * @param index a global index.
     * @return the global's raw bits.
     */
    public long globalAt(final int index)
    {
        return instance.global(index).getValue();
    }

    /**
     * @param index a global index.
     * @param value raw bits to store.
     */
    public void globalAt(final int index, final long value)
    {
        instance.global(index).setValue(value);
    }

    private GlobalInstance exportedGlobal(final String exportName)
    {
        final GlobalInstance global = instance.exports().global(exportName);
        if (global == null)
        {
            throw new InvalidModuleException(module.name() + ": exports no global named " + exportName);
        }
        return global;
    }
}
