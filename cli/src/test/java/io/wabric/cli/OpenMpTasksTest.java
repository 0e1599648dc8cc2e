package io.wabric.cli;

import io.wabric.core.faaslet.Outcome;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks are deferred and run in parallel in shared mode: programs that deadlock when tasks run one after another
 * finish (with a time-out as the safety net), and a trap inside a task ends the run naming the thread.
 */
class OpenMpTasksTest
{
    private static final long TIMEOUT_MS = 60_000;

    @Test
    void shouldRunSiblingTasksAtTheSameTimeWhenTheyRendezvous() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("task_parallel.c", 2, TIMEOUT_MS, "shared");
        assertEquals(Outcome.Kind.EXITED, run.outcome().kind(),
            "tasks that wait for each other did not finish: " + run.outcome() + "\n" + run.stderr());
        assertTrue(run.stdout().contains("rendezvous of two tasks: 2 met"), run.stdout());
        assertTrue(run.stdout().contains("all-thread barrier of tasks: ok"), run.stdout());
        assertTrue(run.stdout().contains("pipeline consumed all, each item once ok"), run.stdout());
    }

    @Test
    void shouldNameTheThreadWhenATaskTraps() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("faults/trap_in_task.c", 4, TIMEOUT_MS, "shared");
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome().toString());
        assertTrue(run.outcome().reason().matches("(?s).*OpenMP thread [0-3].*"), run.outcome().reason());
        assertTrue(run.outcome().reason().contains("divide by zero"), run.outcome().reason());
        assertTrue(run.stdout().isEmpty(), run.stdout());
    }
}
