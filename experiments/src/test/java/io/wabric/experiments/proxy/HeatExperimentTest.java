package io.wabric.experiments.proxy;

import io.wabric.experiments.mpi.MpiRuns;
import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.program.RunVariant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatExperimentTest
{
    @Test
    void shouldAcceptARunThatReportsTheLayoutItWasAskedFor()
    {
        assertDoesNotThrow(() -> HeatExperiment.requireLayout("heat 2x2 (wabric)",
            "heat_hybrid: 2 ranks x 2 threads: 3.210 ms per sweep\n", 2, 2));
    }

    @Test
    void shouldRejectARunThatIgnoredTheThreadCount()
    {
        final ProgramException ex = assertThrows(ProgramException.class, () -> HeatExperiment.requireLayout(
            "heat 1x2 (wabric)", "heat_hybrid: 1 ranks x 1 threads: 3.210 ms per sweep\n", 1, 2));
        assertTrue(ex.getMessage().contains("ran as 1 ranks x 1 threads, not 1 x 2"), ex.getMessage());
    }

    @Test
    void shouldRunMultiProcessVariantsOnlyForMoreThanOneRank()
    {
        final List<RunVariant> all = MpiRuns.VARIANTS;
        assertEquals(List.of("native", "wabric", "wabric-ipc"),
            HeatExperiment.variantsFor(all, 2).stream().map(RunVariant::name).toList());
        assertEquals(List.of("native", "wabric"),
            HeatExperiment.variantsFor(all, 1).stream().map(RunVariant::name).toList());
    }

    @Test
    void shouldMeasureEveryLayoutOfTheIssue()
    {
        assertEquals(List.of("2x1", "1x2", "2x2"),
            HeatExperiment.LAYOUTS.stream().map(layout -> layout[0] + "x" + layout[1]).toList());
    }
}
