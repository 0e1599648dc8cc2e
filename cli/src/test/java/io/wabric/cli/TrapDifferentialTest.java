package io.wabric.cli;

import io.wabric.cli.GuestProgram.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guest faults, native against Wabric ({@code tests/run/traps.c}): where the native build dies of a signal, Wabric
 * must exit 134 with one {@code trapped: <reason>} line and a Wasm backtrace naming the faulting C function, after
 * everything the guest printed (stdout equal to native's, the guest's stderr before Wabric's message).
 */
final class TrapDifferentialTest
{
    private static GuestProgram traps;

    @BeforeAll
    static void buildPrograms()
    {
        traps = GuestProgram.build("traps.c");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "oob, out of bounds memory access, write_far_out_of_bounds",
        "trap, unreachable, hit_builtin_trap",
        "abort, unreachable, call_abort",
        "div0, integer divide by zero, divide_by",
        "recurse, call stack exhausted, recurse_forever",
    })
    void shouldTrapWithReasonAndBacktraceWhereNativeCrashes(
        final String mode, final String reason, final String faultingFunction)
    {
        final Result nativeRun = traps.runNative(List.of(mode), null, null);
        final Result wabric = traps.runWabric(List.of(), List.of(mode), null);
        final String context = "native: " + nativeRun + "\nwabric: " + wabric;

        assertTrue(nativeRun.killedBySignal(), () -> "native should crash\n" + context);
        assertEquals(134, wabric.exitCode, context);
        // What the guest printed before the fault stays printed, exactly as natively.
        assertArrayEquals(nativeRun.stdoutBytes, wabric.stdoutBytes, () -> "stdout differs\n" + context);
        assertEquals("before " + mode + "\n", wabric.stdout, context);

        final List<String> lines = wabric.stderr.lines().toList();
        assertEquals("guest stderr before " + mode, lines.get(0), () -> "guest stderr must come first\n" + context);
        final List<String> trapLines = lines.stream().filter(line -> line.contains("trapped:")).toList();
        assertEquals(1, trapLines.size(), context);
        assertEquals(lines.get(1), trapLines.get(0), () -> "the trap line follows the guest's output\n" + context);
        assertTrue(trapLines.get(0).startsWith("wabric: traps"), context);
        assertTrue(trapLines.get(0).contains(reason), context);

        final List<String> backtrace = lines.subList(2, lines.size());
        assertFalse(backtrace.isEmpty(), context);
        assertTrue(backtrace.stream().allMatch(line -> line.startsWith("  at ") || line.equals("  ...")), context);
        assertTrue(backtrace.get(0).startsWith("  at " + faultingFunction) ||
            backtrace.get(1).startsWith("  at " + faultingFunction), () -> "innermost frames name the fault\n" +
            context);
        assertFalse(wabric.stderr.contains("Exception"), context);
        assertFalse(wabric.stdout.contains("not reached"), context);
    }
}
