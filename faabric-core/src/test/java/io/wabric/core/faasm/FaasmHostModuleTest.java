package io.wabric.core.faasm;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.Wat;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faasm's input/output calls from WAT guests: sizes, partial reads, output, and guest pointers that are out of
 * bounds (a trap naming the call, never a host crash).
 */
final class FaasmHostModuleTest
{
    /** _start: size = read_input(0, 0); read_input(1024, $LEN); write_output(1024, result of the read). */
    private static final String ECHO = """
        (module
          (import "env" "__faasm_read_input" (func $read_input (param i32 i32) (result i32)))
          (import "env" "__faasm_write_output" (func $write_output (param i32 i32)))
          (memory (export "memory") 1)
          (global $size (export "size") (mut i32) (i32.const -1))
          (func $start (export "_start")
            (local $got i32)
            (global.set $size (call $read_input (i32.const 0) (i32.const 0)))
            (local.set $got (call $read_input (i32.const $ADDR) (i32.const $LEN)))
            (call $write_output (i32.const $ADDR) (local.get $got))))
        """;

    @Test
    void shouldEchoWholeInputWhenBufferIsLargeEnough()
    {
        assertEquals("hello faasm", run(echo(1024, 100), "hello faasm", Outcome.Kind.EXITED));
    }

    @Test
    void shouldCopyOnlyBufferLengthWhenInputIsLonger()
    {
        assertEquals("hello", run(echo(1024, 5), "hello faasm", Outcome.Kind.EXITED));
    }

    @Test
    void shouldReadNothingFromEmptyInput()
    {
        assertEquals("", run(echo(1024, 100), "", Outcome.Kind.EXITED));
    }

    @Test
    void shouldTrapNamingTheCallWhenBufferIsOutOfBounds()
    {
        final GuestModule module = echo(65530, 100);
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final FaasletOptions options = new FaasletOptions()
            .context(new FaasletContext(new byte[100], output))
            .hostModule(new FaasmHostModule());
        try (Faaslet faaslet = Faaslet.create(module, options))
        {
            final Outcome outcome = faaslet.run("_start");
            assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
            assertTrue(outcome.reason().contains("out of bounds memory access"), outcome.reason());
            assertTrue(outcome.backtrace().contains("read_input"), outcome.backtrace());
        }
        assertEquals(0, output.size());
    }

    private static GuestModule echo(final int bufferAddr, final int bufferLen)
    {
        return Wat.load("echo", ECHO.replace("$ADDR", Integer.toString(bufferAddr))
            .replace("$LEN", Integer.toString(bufferLen)));
    }

    private static String run(final GuestModule module, final String input, final Outcome.Kind expected)
    {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final FaasletOptions options = new FaasletOptions()
            .context(new FaasletContext(input.getBytes(StandardCharsets.UTF_8), output))
            .hostModule(new FaasmHostModule());
        try (Faaslet faaslet = Faaslet.create(module, options))
        {
            final Outcome outcome = faaslet.run("_start");
            assertEquals(expected, outcome.kind(), outcome::toString);
            assertEquals(input.length(), faaslet.guest().global("size"));
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
