package io.wabric.cli;

import io.wabric.core.faaslet.Outcome;
import io.wabric.openmp.fork.ForkMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fork mode ({@code --omp=fork}) on programs written for it in {@code tests/openmp/fork}: races reported with the
 * offset of the variable (which the programs print before racing), disjoint writes all landing.
 */
@Timeout(120)
class OpenMpForkTest
{
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]+");

    private static String printedAddress(final String stdout)
    {
        final Matcher matcher = ADDRESS.matcher(stdout);
        assertTrue(matcher.find(), "the program prints its variable's address first: " + stdout);
        return matcher.group();
    }

    @Test
    void shouldReportARaceAtTheJoinWithTheVariablesOffset() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("fork/racy.c", 4, 60_000, "fork");
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome() + "\n" + run.stderr());
        final String reason = run.outcome().reason();
        assertTrue(reason.contains("data race at the end of the parallel region"), reason);
        assertTrue(reason.contains("(" + printedAddress(run.stdout()) + ")"), reason + "\n" + run.stdout());
        assertTrue(reason.contains("run with --omp=shared"), reason);
    }

    @Test
    void shouldReportARaceAtABarrierWithTheOffsetThreadsAndValues() throws Exception
    {
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("fork/racy_barrier.c", 2, 60_000, "fork");
        assertEquals(Outcome.Kind.TRAPPED, run.outcome().kind(), run.outcome() + "\n" + run.stderr());
        final String reason = run.outcome().reason();
        assertTrue(reason.contains("data race at barrier: 1 byte(s)"), reason);
        assertTrue(reason.contains("(" + printedAddress(run.stdout()) + "): thread 0 wrote 1, thread 1 wrote 2"),
            reason + "\n" + run.stdout());
    }

    @Test
    void shouldWarnAndKeepTheHighestThreadsBytesWhenRacesAreWarnings() throws Exception
    {
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("fork/racy_barrier.c", 2, 60_000, "fork",
            options -> options.context().attach(ForkMode.class,
                new ForkMode(false, new PrintStream(warnings, true, StandardCharsets.UTF_8))));
        assertEquals(Outcome.Kind.EXITED, run.outcome().kind(), run.outcome() + "\n" + run.stderr());
        assertTrue(run.stdout().contains("slots 2 5"), run.stdout());
        final String warning = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(warning.contains("wabric: warning: OpenMP fork mode: data race at barrier"), warning);
        assertTrue(warning.contains("(" + printedAddress(run.stdout()) + ")"), warning);
    }

    @Test
    void shouldMergeDisjointBytesAndEqualValuesFromEveryThread() throws Exception
    {
        final String expected = OpenMpPrograms.runNative("fork/disjoint.c", 4);
        final OpenMpPrograms.Run run = OpenMpPrograms.runWabric("fork/disjoint.c", 4, 60_000, "fork");
        assertEquals(Outcome.Kind.EXITED, run.outcome().kind(), run.outcome() + "\n" + run.stderr());
        assertEquals("bad 0 found 1\n", expected);
        assertEquals(expected, run.stdout());
    }
}
