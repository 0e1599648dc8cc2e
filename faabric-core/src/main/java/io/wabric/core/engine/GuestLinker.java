package io.wabric.core.engine;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Links a guest module against host functions and WASI and instantiates it.
 *
 * <pre>{@code
 * Guest guest = GuestLinker.of(module)
 *     .hostFunctions(defs)
 *     .wasi(new WasiEnvironment(config))
 *     .memoryFactory(limits -> new FlatMemory(limits))
 *     .instantiate();
 * guest.call("_start");
 * }</pre>
 *
 * <p>Every import is checked before anything runs. Wabric provides functions only: a memory, table, global or tag
 * import is an {@link InvalidModuleException} naming it, and so is a function import no host function satisfies,
 * whose text comes from the {@link MissingImportExplainer}.
 */
public final class GuestLinker
{
    private final GuestModule module;
    private final List<HostFunctionDef> hostFunctions = new ArrayList<>();
    private WasiEnvironment wasi;
    private Function<MemoryLimits, Memory> memoryFactory;
    private MissingImportExplainer missingImportExplainer = MissingImportExplainer.GENERIC;
    private boolean initialiseMemory = true;

    private GuestLinker(final GuestModule module)
    {
        this.module = module;
    }

    /**
     * @param module the module to instantiate.
     * @return a linker for it.
     */
    public static GuestLinker of(final GuestModule module)
    {
        return new GuestLinker(module);
    }

    /**
     * @param defs host functions offered to the guest.
     * @return this.
     */
    public GuestLinker hostFunctions(final List<HostFunctionDef> defs)
    {
        hostFunctions.addAll(defs);
        return this;
    }

    /**
     * @param wasi the WASI environment offered to the guest, or {@code null} for none.
     * @return this.
     */
    public GuestLinker wasi(final WasiEnvironment wasi)
    {
        this.wasi = wasi;
        return this;
    }

    /**
     * @param memoryFactory builds memory 0 from the module's limits.
     * @return this.
     */
    public GuestLinker memoryFactory(final Function<MemoryLimits, Memory> memoryFactory)
    {
        this.memoryFactory = memoryFactory;
        return this;
    }

    /**
     * @param explainer says which feature would provide an import that nothing here satisfies.
     * @return this.
     */
    public GuestLinker missingImportExplainer(final MissingImportExplainer explainer)
    {
        this.missingImportExplainer = explainer;
        return this;
    }

    /**
     * @param initialiseMemory false to skip writing data segments into memory, for an instance whose memory is
     *                         restored from a snapshot or shared with a running instance.
     * @return this.
     */
    public GuestLinker initialiseMemory(final boolean initialiseMemory)
    {
        this.initialiseMemory = initialiseMemory;
        return this;
    }

    /**
     * Checks imports, builds the instance and runs its Wasm start function if any (not {@code _start}).
     *
     * @return the instance.
     */
    public Guest instantiate()
    {
        final Guest guest = new Guest(module);
        final Map<ImportName, ImportFunction> available = new HashMap<>();
        if (wasi != null)
        {
            for (final HostFunction function : wasi.preview1().toHostFunctions())
            {
                available.put(new ImportName(function.module(), function.name()), function);
            }
        }
        for (final HostFunctionDef def : hostFunctions)
        {
            available.put(new ImportName(def.module(), def.name()), toEngine(def, guest));
        }

        checkNoOtherImports();
        final List<ImportFunction> functions = new ArrayList<>();
        final List<ImportName> imports = module.functionImports();
        for (int i = 0; i < imports.size(); i++)
        {
            final ImportName name = imports.get(i);
            final ImportFunction function = available.get(name);
            if (function == null)
            {
                throw new InvalidModuleException(missingImportExplainer.explain(module.name(), name));
            }
            final FunctionType wanted = module.importType(i);
            final FunctionType provided = FunctionType.of(function.paramTypes(), function.returnTypes());
            if (!wanted.equals(provided))
            {
                throw new InvalidModuleException(module.name() + ": import " + name + " has type " + wanted +
                    " but Wabric provides " + provided + ": the guest header and the host disagree");
            }
            functions.add(function);
        }

        final var builder = Instance.builder(module.wasmModule())
            .withImportValues(ImportValues.builder().withFunctions(functions).build())
            .withMachineFactory(module.machineFactory())
            .withStart(false);
        if (memoryFactory != null)
        {
            builder.withMemoryFactory(memoryFactory);
        }
        if (!initialiseMemory)
        {
            builder.withInitialize(false);
        }
        try
        {
            guest.bind(builder.build());
        }
        catch (final ChicoryException ex)
        {
            if (ex instanceof com.dylibso.chicory.wasm.UninstantiableException ||
                ex instanceof com.dylibso.chicory.wasm.UnlinkableException)
            {
                throw new InvalidModuleException(module.name() + ": cannot instantiate: " + ModuleLoader.oneLine(ex));
            }
            throw ex;
        }
        return guest;
    }

    /**
     * Refuses imports of anything but functions, which Wabric never supplies; the engine's own message called a
     * memory import a missing "host function".
     */
    private void checkNoOtherImports()
    {
        final var importSection = module.wasmModule().importSection();
        for (int i = 0; i < importSection.importCount(); i++)
        {
            final var imported = importSection.getImport(i);
            final ExternalType kind = imported.importType();
            if (kind == ExternalType.FUNCTION)
            {
                continue;
            }
            final String what;
            final String fix;
            switch (kind)
            {
                case MEMORY:
                    what = "a memory";
                    fix = "a module must define its own memory (link without --import-memory)";
                    break;
                case TABLE:
                    what = "a table";
                    fix = "a module must define its own table (link without --import-table)";
                    break;
                case GLOBAL:
                    what = "a global";
                    fix = "a module must define its own globals (build a static program with `wabric cc`, " +
                        "not -shared or -fPIC)";
                    break;
                default:
                    what = "a tag";
                    fix = "Wasm exception handling is not supported (build C++ without exceptions)";
                    break;
            }
            throw new InvalidModuleException(module.name() + ": imports " + what + " " +
                new ImportName(imported.module(), imported.name()) + ", which Wabric does not provide: " + fix);
        }
    }

    private static ImportFunction toEngine(final HostFunctionDef def, final Guest guest)
    {
        final List<ValType> params = new ArrayList<>(def.params().size());
        def.params().forEach(type -> params.add(type.valType()));
        final List<ValType> results = new ArrayList<>(def.results().size());
        def.results().forEach(type -> results.add(type.valType()));
        final HostCall body = def.body();
        return new HostFunction(def.module(), def.name(), FunctionType.of(params, results),
            (instance, args) -> body.call(guest, args));
    }
}
