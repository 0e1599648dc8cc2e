package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.faaslet.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenMpFaultsTest
{
    @Test
    void shouldNameTheThreadWhenAWorkerTraps() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/trap_in_thread.c", 4, 60_000, "shared");
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome().toString());
        assertTrue(run.outcome().reason().contains("OpenMP thread 2"), run.outcome().reason());
        assertTrue(run.outcome().reason().contains("divide by zero"), run.outcome().reason());
        assertTrue(run.stdout().isEmpty(), run.stdout());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"shared", "fork"})
    void shouldNameTheThreadWhenAWorkerLoadsOutOfBounds(final String mode) throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/wild_load_in_thread.c", 3, 60_000, mode);
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome().toString());
        assertTrue(run.outcome().reason().startsWith("OpenMP thread 2: out of bounds memory access"),
            run.outcome().reason());
        assertTrue(run.stdout().isEmpty(), run.stdout());
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"shared", "fork"})
    void shouldNameTheThreadWhenAWorkerExhaustsItsCallStack(final String mode) throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/recursion_in_thread.c", 3, 60_000, mode);
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome().toString());
        assertEquals("OpenMP thread 1: call stack exhausted (Wasm recursion too deep for the thread stack)",
            run.outcome().reason());
        assertTrue(run.stdout().isEmpty(), run.stdout());
    }

    @Test
    void shouldEndADeadlockedBarrierWhenTheTimeoutPasses() throws Exception
    {
        final long startNs = System.nanoTime();
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/deadlock.c", 2, 2_000, "shared");
        assertEquals(Outcome.Kind.TIMED_OUT, run.outcome().kind(), run.outcome().toString());
        assertTrue(System.nanoTime() - startNs < 30_000_000_000L, "the time-out took too long");
    }

    @Test
    void shouldExitWithTheStatusAWorkerPassesToExit() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/exit_in_thread.c", 3, 60_000, "shared");
        assertEquals(Outcome.Kind.EXITED, run.outcome().kind(), run.outcome().toString());
        assertEquals(7, run.outcome().exitCode());
    }

    @Test
    void shouldRefuseUnknownOmpModeNamingTheModes()
    {
        final WabricException ex = assertThrows(WabricException.class,
            () -> OpenMpPrograms.runWabric("basics.c", 2, 60_000, "threads"));
        assertTrue(ex.getMessage().contains("--omp=threads: expected shared (the default) or fork"), ex.getMessage());
    }
}
