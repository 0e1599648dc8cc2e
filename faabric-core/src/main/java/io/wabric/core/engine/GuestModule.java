package io.wabric.core.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import com.dylibso.chicory.wasm.types.ValType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A parsed, validated and compiled guest module: the unit that Faaslets are instantiated from.
 *
 * <p>Immutable and shareable between threads: every instance of the module (ranks, OpenMP threads, forks) uses
 * the same compiled code.
 */
public final class GuestModule
{
    private final String name;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final List<ImportName> functionImports;

    GuestModule(final String name, final WasmModule module, final Function<Instance, Machine> machineFactory)
    {
        this.name = name;
        this.module = module;
        this.machineFactory = machineFactory;
        final List<ImportName> imports = new ArrayList<>();
        final var importSection = module.importSection();
        for (int i = 0; i < importSection.importCount(); i++)
        {
            final var imported = importSection.getImport(i);
            if (imported.importType() == ExternalType.FUNCTION)
            {
                imports.add(new ImportName(imported.module(), imported.name()));
            }
        }
        this.functionImports = Collections.unmodifiableList(imports);
    }

    /**
     * @return the name the module was loaded under, usually its file name; used in messages.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the SHA-256 digest of the module's bytes, as {@code "sha-256:<hex>"} (Chicory's form).
     */
    public String digest()
    {
        return module.digest();
    }

    /**
     * @return the module's function imports in import order.
     */
    public List<ImportName> functionImports()
    {
        return functionImports;
    }

    /**
     * @param exportName an export's name.
     * @return true when the module exports something of that name.
     */
    public boolean hasExport(final String exportName)
    {
        return export(exportName) != null;
    }

    /**
     * What an export is, so a launcher can refuse a memory or global named where a function belongs before calling it.
     *
     * @param exportName an export's name.
     * @return {@code "function"}, {@code "memory"}, {@code "table"}, {@code "global"} or {@code "tag"}, or
     *         {@code null} when nothing of that name is exported.
     */
    public String exportKind(final String exportName)
    {
        final Export export = export(exportName);
        return export == null ? null : export.exportType().name().toLowerCase(Locale.ROOT);
    }

    /**
     * The parameter types of an exported function, so a launcher can refuse an entry point that needs arguments
     * (the engine would otherwise fail inside the call with an index error reported as a trap).
     *
     * @param exportName the name of an exported function.
     * @return the parameter types in Wasm's text names ({@code i32}, {@code f64}, {@code externref} ...), empty for
     *         none.
     * @throws IllegalArgumentException when no function of that name is exported.
     */
    public List<String> exportedFunctionParams(final String exportName)
    {
        final Export export = export(exportName);
        if (export == null || export.exportType() != ExternalType.FUNCTION)
        {
            throw new IllegalArgumentException(name + " exports no function named " + exportName);
        }
        final int functionIndex = export.index();
        final int importedFunctions = module.importSection().count(ExternalType.FUNCTION);
        final FunctionType type = functionIndex < importedFunctions ? importType(functionIndex) :
            module.functionSection().getFunctionType(functionIndex - importedFunctions, module.typeSection());
        final List<String> params = new ArrayList<>(type.params().size());
        for (final ValType param : type.params())
        {
            params.add(typeName(param));
        }
        return params;
    }

    /**
     * The name of a function from the module's name section, for backtraces.
     *
     * @param functionIndex index in the function index space (imports first).
     * @return the name, or {@code "func[<index>]"} when the module carries no name for it.
     */
    public String functionName(final int functionIndex)
    {
        final NameCustomSection names = module.nameSection();
        final String found = names == null ? null : names.nameOfFunction(functionIndex);
        return found != null ? found : "func[" + functionIndex + "]";
    }

    /**
     * The type of a function import, for checking host signatures.
     *
     * @param importIndex index among the function imports.
     * @return the import's parameter and result types.
     */
    FunctionType importType(final int importIndex)
    {
        int seen = 0;
        final var importSection = module.importSection();
        for (int i = 0; i < importSection.importCount(); i++)
        {
            final var imported = importSection.getImport(i);
            if (imported.importType() == ExternalType.FUNCTION)
            {
                if (seen++ == importIndex)
                {
                    return module.typeSection().getType(((FunctionImport)imported).typeIndex());
                }
            }
        }
        throw new IndexOutOfBoundsException("import " + importIndex + " of " + functionImports.size());
    }

    private Export export(final String exportName)
    {
        final var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++)
        {
            if (exports.getExport(i).name().equals(exportName))
            {
                return exports.getExport(i);
            }
        }
        return null;
    }

    private static String typeName(final ValType type)
    {
        if (type.equals(ValType.FuncRef))
        {
            return "funcref";
        }
        if (type.equals(ValType.ExternRef))
        {
            return "externref";
        }
        return type.toString().toLowerCase(Locale.ROOT);
    }

    WasmModule wasmModule()
    {
        return module;
    }

    Function<Instance, Machine> machineFactory()
    {
        return machineFactory;
    }
}
