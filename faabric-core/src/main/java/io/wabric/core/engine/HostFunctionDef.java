package io.wabric.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * A host function offered to guests under an import name: module, field, signature and body.
 */
public final class HostFunctionDef
{
    private final String module;
    private final String name;
    private final List<WasmType> params;
    private final List<WasmType> results;
    private final HostCall body;

    /**
     * @param module  the import module, {@code "env"} for C functions.
     * @param name    the import field, the C symbol name.
     * @param params  parameter types.
     * @param results result types.
     * @param body    what the call does.
     */
    public HostFunctionDef(
        final String module,
        final String name,
        final List<WasmType> params,
        final List<WasmType> results,
        final HostCall body)
    {
        this.module = Objects.requireNonNull(module, "module");
        this.name = Objects.requireNonNull(name, "name");
        this.params = List.copyOf(params);
        this.results = List.copyOf(results);
        this.body = Objects.requireNonNull(body, "body");
    }

    /**
     * A function of the {@code env} module, as C code's undefined symbols become.
     *
     * @param name    the C symbol.
     * @param params  parameter types.
     * @param results result types.
     * @param body    what the call does.
     * @return the definition.
     */
    public static HostFunctionDef env(
        final String name, final List<WasmType> params, final List<WasmType> results, final HostCall body)
    {
        return new HostFunctionDef("env", name, params, results, body);
    }

    /**
     * @return the import module.
     */
    public String module()
    {
        return module;
    }

    /**
     * @return the import field.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the parameter types.
     */
    public List<WasmType> params()
    {
        return params;
    }

    /**
     * @return the result types.
     */
    public List<WasmType> results()
    {
        return results;
    }

    /**
     * @return the body.
     */
    public HostCall body()
    {
        return body;
    }

    @Override
    public String toString()
    {
        return module + "." + name + params + "->" + results;
    }
}
