package io.wabric.cli;

import io.wabric.core.faaslet.Outcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every self-checking program in {@code tests/openmp}, built with gcc/libgomp and with {@code wabric cc}, must
 * print the same lines at the same team size. Line order is compared after sorting, since some programs print
 * one (identical) line per thread. The default suite runs 2 and 4 threads; the slow tag adds 1 and 8. Shared mode
 * runs every program, fork mode those in {@link #FORK_PROGRAMS}.
 */
class OpenMpDifferentialTest
{
    static final List<String> PROGRAMS = List.of(
        "basics.c", "loops.c", "reductions.c", "locks.c", "tasks.c", "nested.c", "jacobi.c", "libc.c",
        "task_tree.c", "task_depend.c", "task_loop.c", "task_parallel.c");
    /** The programs fork mode runs; openmp-host/README.md ("Fork mode") says why the others cannot. */
    static final List<String> FORK_PROGRAMS = List.of(
        "basics.c", "loops.c", "reductions.c", "locks.c", "tasks.c", "jacobi.c", "libc.c",
        "task_tree.c", "task_depend.c", "task_loop.c");
    /**
     * Fork-mode programs run only with the slow tag: tasks.c allocates ~150,000 tasks, and in fork mode each
     * malloc and free is a libc-lock synchronisation that exchanges diffs (15-30 s here).
     */
    static final List<String> FORK_SLOW_ONLY = List.of("tasks.c");
    /** Pauses between two regions for longer than {@code OpenMpRuntime.IDLE_RETIRE_NS}. */
    static final String IDLE_PROGRAM = "threadprivate_idle.c";

    static Stream<Arguments> fast()
    {
        return matrix(2, 4);
    }

    static Stream<Arguments> slow()
    {
        return matrix(1, 8);
    }

    static Stream<Arguments> forkFast()
    {
        final List<String> programs = new ArrayList<>(FORK_PROGRAMS);
        programs.removeAll(FORK_SLOW_ONLY);
        return matrix(programs, 2, 4);
    }

    static Stream<Arguments> forkSlow()
    {
        return Stream.concat(matrix(FORK_PROGRAMS, 1, 8), matrix(FORK_SLOW_ONLY, 2, 4));
    }

    private static Stream<Arguments> matrix(final int... threadCounts)
    {
        return matrix(PROGRAMS, threadCounts);
    }

    private static Stream<Arguments> matrix(final List<String> programs, final int... threadCounts)
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final String program : programs)
        {
            for (final int threads : threadCounts)
            {
                cases.add(Arguments.of(program, threads));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1} threads")
    @MethodSource("fast")
    void shouldPrintWhatLibgompPrintsWhenRunInSharedMode(final String program, final int threads) throws Exception
    {
        compare(program, threads);
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} at {1} threads")
    @MethodSource("slow")
    void shouldPrintWhatLibgompPrintsAtOneAndEightThreads(final String program, final int threads) throws Exception
    {
        compare(program, threads);
    }

    @ParameterizedTest(name = "{0} at {1} threads")
    @MethodSource("forkFast")
    void shouldPrintWhatLibgompPrintsWhenRunInForkMode(final String program, final int threads) throws Exception
    {
        compare(program, threads, "fork");
    }

    @Tag("slow")
    @ParameterizedTest(name = "{0} at {1} threads")
    @MethodSource("forkSlow")
    void shouldPrintWhatLibgompPrintsInForkModeAtOneAndEightThreads(final String program, final int threads)
        throws Exception
    {
        compare(program, threads, "fork");
    }

    /**
     * threadprivate_idle.c pauses for 6 s, longer than an idle worker waits before it retires, so it runs once per
     * mode rather than in the thread-count matrix; fork mode only with the slow tag.
     */
    @Test
    void shouldKeepThreadprivateValuesAndMemoryAcrossAPauseLongerThanWorkerRetirement() throws Exception
    {
        compare(IDLE_PROGRAM, 3);
    }

    @Tag("slow")
    @Test
    void shouldKeepThreadprivateValuesAcrossAPauseLongerThanWorkerRetirementInForkMode() throws Exception
    {
        compare(IDLE_PROGRAM, 3, "fork");
    }

    private static void compare(final String program, final int threads) throws Exception
    {
        compare(program, threads, "shared");
    }

    private static void compare(final String program, final int threads, final String mode) throws Exception
    {
        final String expected = OpenMpPrograms.runNative(program, threads);
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric(program, threads, 120_000, mode);
        assertEquals(Outcome.Kind.EXITED, run.outcome().kind(), program + ": " + run.outcome() + "\n" + run.stderr());
        assertEquals(0, run.outcome().exitCode(), program + " exit status; stderr: " + run.stderr());
        assertEquals(OpenMpPrograms.sortedLines(expected), OpenMpPrograms.sortedLines(run.stdout()),
            program + " at " + threads + " threads in " + mode + " mode: Wabric's output differs from libgomp's");
    }
}
