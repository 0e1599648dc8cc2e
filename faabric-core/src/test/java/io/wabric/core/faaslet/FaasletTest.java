package io.wabric.core.faaslet;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.InvalidModuleException;
import io.wabric.core.engine.Wat;
import io.wabric.core.wasi.WasiConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faaslet runs of small WAT guests: exits, traps with reasons and backtraces, output printed before a trap,
 * time-outs by interruption, and the memory cap.
 */
final class FaasletTest
{
    /** Writes "hello\n" to stdout with fd_write, then calls $outer -> $middle -> $inner, which does what $FAULT says. */
    private static final String FAULTING = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 8) "hello\\n")
          (func $print
            (i32.store (i32.const 0) (i32.const 8))
            (i32.store (i32.const 4) (i32.const 6))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32))))
          (func $inner (param $zero i32) (result i32)
            $FAULT)
          (func $middle (param i32) (result i32) (i32.add (call $inner (local.get 0)) (i32.const 1)))
          (func $outer (param i32) (result i32) (i32.add (call $middle (local.get 0)) (i32.const 1)))
          (func $recurse (param i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func $start (export "_start")
            call $print
            (drop (call $outer (i32.const 0)))))
        """;

    @Test
    void shouldExitZeroWhenStartReturns()
    {
        assertEquals(Outcome.Kind.EXITED, run(fault("(i32.const 5)"), new FaasletOptions()).kind());
    }

    @Test
    void shouldReportProcExitStatus()
    {
        final Outcome outcome = run(fault("(call $proc_exit (i32.const 7)) (i32.const 0)"), new FaasletOptions());
        assertEquals(Outcome.Kind.EXITED, outcome.kind());
        assertEquals(7, outcome.exitCode());
    }

    @Test
    void shouldNameTrapReasonAndBacktraceInnermostFirstWhenUnreachable()
    {
        final Outcome outcome = run(fault("unreachable"), new FaasletOptions());
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertEquals(ExitCodes.TRAPPED, outcome.exitCode());
        assertTrue(outcome.reason().contains("unreachable"), outcome.reason());
        assertEquals(List.of("  at inner", "  at middle", "  at outer"), outcome.backtrace().lines().limit(3).toList(),
            outcome.backtrace());
        assertTrue(outcome.backtrace().contains("  at start\n"), outcome.backtrace());
    }

    @Test
    void shouldTrapOnOutOfBoundsAccess()
    {
        final Outcome outcome = run(fault("(i32.load (i32.const 0x7ffffff0))"), new FaasletOptions());
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertTrue(outcome.reason().contains("out of bounds memory access"), outcome.reason());
        assertTrue(outcome.backtrace().startsWith("  at inner\n"), outcome.backtrace());
    }

    @Test
    void shouldTrapWhenBasePlusOffsetLeavesMemoryHoweverTheSumWraps()
    {
        // effective addresses are 33-bit sums: a base of 2^32 - 8 plus 16 is not address 8
        for (final String access : List.of(
            "(i32.load offset=16 (i32.sub (local.get $zero) (i32.const 8)))",
            "(i32.load offset=0x7ffffff0 (i32.add (local.get $zero) (i32.const 0x100)))",
            "(i32.load offset=65533 (local.get $zero))",
            "(i32.load (i32.add (local.get $zero) (i32.const 65533)))",
            "(i32.store offset=4 (i32.sub (local.get $zero) (i32.const 4)) (i32.const 1)) (i32.const 0)"))
        {
            final Outcome outcome = run(fault(access), new FaasletOptions());
            assertEquals(Outcome.Kind.TRAPPED, outcome.kind(), access);
            assertTrue(outcome.reason().contains("out of bounds memory access"), access + ": " + outcome.reason());
        }
        for (final String access : List.of(
            "(i32.load offset=65532 (local.get $zero))",
            "(i32.load offset=65528 (i32.add (local.get $zero) (i32.const 4)))",
            "(i32.store offset=8 (i32.add (local.get $zero) (i32.const 65524)) (i32.const 1)) (i32.const 0)"))
        {
            assertEquals(Outcome.Kind.EXITED, run(fault(access), new FaasletOptions()).kind(), access);
        }
    }

    @Test
    void shouldTrapOnIntegerDivideByZero()
    {
        final Outcome outcome = run(fault("(i32.div_s (i32.const 1) (local.get $zero))"), new FaasletOptions());
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertTrue(outcome.reason().contains("integer divide by zero"), outcome.reason());
        assertTrue(outcome.backtrace().startsWith("  at inner\n"), outcome.backtrace());
    }

    @Test
    void shouldTrapOnIntegerOverflow()
    {
        final Outcome outcome = run(fault("(i32.div_s (i32.const 0x80000000) (i32.const -1))"), new FaasletOptions());
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertTrue(outcome.reason().contains("integer overflow"), outcome.reason());
    }

    @Test
    void shouldTrapAsStackExhaustedOnEndlessRecursion()
    {
        final Outcome outcome = run(fault("(call $recurse (i32.const 0))"),
            new FaasletOptions().stackSizeBytes(8L << 20));
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertTrue(outcome.reason().contains("call stack exhausted"), outcome.reason());
        assertTrue(outcome.backtrace().startsWith("  at recurse ("), outcome.backtrace());
    }

    @Test
    void shouldKeepWhatWasPrintedBeforeTheTrap()
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final WasiConfig wasi = new WasiConfig().stdio(InputStream.nullInputStream(), stdout, stdout);
        final Outcome outcome = run(fault("unreachable"), new FaasletOptions().wasi(wasi));
        assertEquals(Outcome.Kind.TRAPPED, outcome.kind());
        assertEquals("hello\n", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunAgainAfterAGuestFault()
    {
        final GuestModule module = fault("unreachable");
        for (int i = 0; i < 3; i++)
        {
            assertEquals(Outcome.Kind.TRAPPED, run(module, new FaasletOptions()).kind());
        }
    }

    @Test
    @Timeout(30)
    void shouldInterruptInfiniteLoopWhenTimeoutPasses()
    {
        final GuestModule module = Wat.load("spin", """
            (module
              (memory (export "memory") 1)
              (func (export "_start")
                (loop $forever
                  (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
                  (br $forever))))
            """);
        final long startNs = System.nanoTime();
        final Outcome outcome = run(module, new FaasletOptions().timeoutMs(300));
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;

        assertEquals(Outcome.Kind.TIMED_OUT, outcome.kind());
        assertEquals(ExitCodes.TIMED_OUT, outcome.exitCode());
        assertEquals("timed out after 300 ms", outcome.reason());
        assertTrue(elapsedMs >= 300 && elapsedMs < 2_300, "elapsed " + elapsedMs + " ms");
    }

    @Test
    @Timeout(30)
    void shouldStopCompiledLoopsThatNeitherStoreNorCallWhenTimeoutPasses()
    {
        // an empty loop and a spin on a plain load: the JIT keeps nothing in them that a stop request could change,
        // so only the deoptimisation GuestInterrupts triggers makes them notice (a thread left spinning would stay
        // alive after run() returns, which waits a grace period for it to stop)
        final GuestModule module = Wat.load("spinners", """
            (module
              (memory (export "memory") 1)
              (func (export "spin_empty")
                (loop $forever (br $forever)))
              (func (export "spin_on_load")
                (loop $until (br_if $until (i32.eqz (i32.load (i32.const 64)))))))
            """);
        for (final String export : List.of("spin_empty", "spin_on_load"))
        {
            try (Faaslet faaslet = Faaslet.create(module, new FaasletOptions().timeoutMs(500)))
            {
                assertEquals(Outcome.Kind.TIMED_OUT, faaslet.run(export).kind(), export);
            }
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("wabric-faaslet-" + export) && thread.isAlive()),
                export + " still running after its time-out");
        }
    }

    @Test
    void shouldRefuseGrowthBeyondMaxMemoryAndSayWhy()
    {
        final GuestModule module = Wat.load("grower", """
            (module
              (memory (export "memory") 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "_start")))
            """);
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final WasiConfig wasi = new WasiConfig().stdio(InputStream.nullInputStream(), stderr, stderr);
        try (Faaslet faaslet = Faaslet.create(module, new FaasletOptions().wasi(wasi).maxMemoryPages(4)))
        {
            assertEquals(1, faaslet.guest().call("grow", 2)[0]);
            assertEquals(-1, (int)faaslet.guest().call("grow", 2)[0]);
            assertEquals(3, faaslet.guest().memory().pages());
            assertEquals(3, faaslet.guest().call("grow", 1)[0]);
            assertEquals(-1, (int)faaslet.guest().call("grow", 1)[0]);
        }
        final String message = stderr.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), "reported once: " + message);
        assertTrue(message.contains("memory.grow by 2 pages (128 KiB) refused at 3 pages (192 KiB)"), message);
        assertTrue(message.contains("the limit is 4 pages"), message);
        assertTrue(message.contains("--max-memory"), message);
    }

    @Test
    void shouldHonourTheModulesOwnMaximumBelowTheCap()
    {
        final GuestModule module = Wat.load("bounded", """
            (module
              (memory (export "memory") 1 2)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "_start")))
            """);
        try (Faaslet faaslet = Faaslet.create(module, new FaasletOptions().maxMemoryPages(100)))
        {
            assertEquals(-1, (int)faaslet.guest().call("grow", 2)[0]);
            assertEquals(1, faaslet.guest().call("grow", 1)[0]);
        }
    }

    @Test
    void shouldRejectModuleWhoseInitialMemoryExceedsTheCap()
    {
        final GuestModule module = Wat.load("big", """
            (module
              (memory (export "memory") 20)
              (func (export "_start")))
            """);
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            Faaslet.create(module, new FaasletOptions().maxMemoryPages(4)).close());
        assertTrue(ex.getMessage().startsWith("big: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("20 pages") && ex.getMessage().contains("4 pages"), ex.getMessage());
    }

    private static GuestModule fault(final String body)
    {
        return Wat.load("faulting", FAULTING.replace("$FAULT", body));
    }

    private static Outcome run(final GuestModule module, final FaasletOptions options)
    {
        try (Faaslet faaslet = Faaslet.create(module, options))
        {
            return faaslet.run("_start");
        }
    }
}
