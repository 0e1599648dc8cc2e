package io.wabric.core.engine;

import com.dylibso.chicory.wasm.types.ValType;

/**
 * The Wasm value types a host function may take or return, as Wabric's own names so host code does not depend on
 * the engine's type model.
 */
public enum WasmType
{
    /** 32-bit integer; also C pointers, {@code int}, {@code size_t} on wasm32. */
    I32(ValType.I32),
    /** 64-bit integer. */
    I64(ValType.I64),
    /** 32-bit IEEE float, passed as its raw bits in a {@code long}. */
    F32(ValType.F32),
    /** 64-bit IEEE float, passed as its raw bits in a {@code long}. */
    F64(ValType.F64);

    private final ValType valType;

    WasmType(final ValType valType)
    {
        this.valType = valType;
    }

    ValType valType()
    {
        return valType;
    }
}
