package io.wabric.core.engine;

import io.wabric.core.memory.FlatMemory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.wabric.core.engine.WasmType.I32;
import static io.wabric.core.engine.WasmType.I64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linking guests to host functions: calls in both directions, and the import checks that run before any guest code.
 */
final class GuestLinkerTest
{
    private static final String ADDER = """
        (module
          (import "env" "host_add" (func $host_add (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "hello")
          (func (export "run") (param i32) (result i32)
            local.get 0
            i32.const 100
            call $host_add))
        """;

    @Test
    void shouldCallHostFunctionWithGuestArgumentsAndReturnItsResult()
    {
        final AtomicInteger calls = new AtomicInteger();
        final Guest guest = GuestLinker.of(Wat.load("adder", ADDER))
            .hostFunctions(List.of(HostFunctionDef.env("host_add", List.of(I32, I32), List.of(I32), (g, args) ->
            {
                calls.incrementAndGet();
                return new long[] {args[0] + args[1]};
            })))
            .instantiate();

        assertEquals(142, guest.call("run", 42)[0]);
        assertEquals(1, calls.get());
        assertEquals("hello", new String(guest.memory().readBytes(16, 5), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRejectHostFunctionWhoseParametersDifferFromTheImport()
    {
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            GuestLinker.of(Wat.load("adder", ADDER))
                .hostFunctions(List.of(HostFunctionDef.env("host_add", List.of(I64, I32), List.of(I32),
                    (g, args) -> new long[] {0})))
                .instantiate());
        assertEquals("adder: import env.host_add has type (i32,i32) -> (i32) but Wabric provides (i64,i32) -> (i32):" +
            " the guest header and the host disagree", ex.getMessage().replace("I32", "i32").replace("I64", "i64"));
    }

    @Test
    void shouldRejectHostFunctionWhoseResultsDifferFromTheImport()
    {
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            GuestLinker.of(Wat.load("adder", ADDER))
                .hostFunctions(List.of(HostFunctionDef.env("host_add", List.of(I32, I32), List.of(),
                    (g, args) -> null)))
                .instantiate());
        assertTrue(ex.getMessage().contains("env.host_add"), ex.getMessage());
        assertTrue(ex.getMessage().contains("nil"), ex.getMessage());
    }

    @Test
    void shouldExplainMissingImportBeforeRunningAnything()
    {
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            GuestLinker.of(Wat.load("adder", ADDER))
                .missingImportExplainer((module, name) -> module + " lacks " + name.module() + "/" + name.field())
                .instantiate());
        assertEquals("adder lacks env/host_add", ex.getMessage());
    }

    @Test
    void shouldUseGenericExplanationByDefault()
    {
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            GuestLinker.of(Wat.load("adder", ADDER)).instantiate());
        assertTrue(ex.getMessage().startsWith("adder: imports env.host_add"), ex.getMessage());
    }

    @Test
    void shouldSkipDataSegmentsWhenInitialiseMemoryIsFalse()
    {
        final Guest guest = GuestLinker.of(Wat.load("adder", ADDER))
            .hostFunctions(List.of(HostFunctionDef.env("host_add", List.of(I32, I32), List.of(I32),
                (g, args) -> new long[] {0})))
            .initialiseMemory(false)
            .instantiate();
        assertEquals(0, guest.memory().read(16));
    }

    @Test
    void shouldBuildMemoryWithTheFactory()
    {
        final Guest guest = GuestLinker.of(Wat.load("adder", ADDER))
            .hostFunctions(List.of(HostFunctionDef.env("host_add", List.of(I32, I32), List.of(I32),
                (g, args) -> new long[] {0})))
            .memoryFactory(FlatMemory::new)
            .instantiate();
        assertInstanceOf(FlatMemory.class, guest.memory());
        assertEquals('h', guest.memory().read(16));
    }

    @Test
    void shouldLetHostFunctionReadGuestMemoryAndCallBackThroughTable()
    {
        final String wat = """
            (module
              (import "env" "apply" (func $apply (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (table 2 funcref)
              (elem (i32.const 1) $double)
              (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
              (func (export "run") (result i32) i32.const 1 i32.const 21 call $apply))
            """;
        final Guest guest = GuestLinker.of(Wat.load("callback", wat))
            .hostFunctions(List.of(HostFunctionDef.env("apply", List.of(I32, I32), List.of(I32), (g, args) ->
            {
                assertEquals("double", g.functionPointerName((int)args[0]));
                return g.callFunctionPointer((int)args[0], args[1]);
            })))
            .instantiate();
        assertEquals(42, guest.call("run")[0]);
    }
}
