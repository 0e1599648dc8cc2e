package io.wabric.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentPlanTest
{
    private static final List<Experiment> CATALOGUE = ExperimentCatalogue.experiments();

    @Test
    void shouldRunEveryExperimentWhenNoneIsNamed()
    {
        assertEquals(CATALOGUE, ExperimentPlan.select(CATALOGUE, List.of(), false).experiments());
    }

    @Test
    void shouldKeepCatalogueOrderWhenSelectingByName()
    {
        final ExperimentPlan plan = ExperimentPlan.select(CATALOGUE, List.of("density", "matmul"), true);
        assertEquals(List.of("matmul", "density"), names(plan));
        assertTrue(plan.quick());
    }

    @Test
    void shouldSelectAWholeGroupByItsName()
    {
        final List<String> names = names(ExperimentPlan.select(CATALOGUE, List.of("kernels"), false));
        assertEquals(List.of("matmul", "jacobi", "collatz", "transpose", "nstream", "spmv"), names);
    }

    @Test
    void shouldNameUnknownExperimentsAndListKnownOnes()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ExperimentPlan.select(CATALOGUE, List.of("matmul", "fft"), false));
        final String known = String.join(", ", names(ExperimentPlan.select(CATALOGUE, List.of(), false)));
        assertEquals("unknown experiment(s) [fft] in --only: choose from [" + known + "] or the groups [kernels, " +
            "openmp, mpi, proxy, startup, density]", ex.getMessage());
    }

    @Test
    void shouldRunFewerRoundsWhenQuick()
    {
        final ExperimentPlan quick = ExperimentPlan.select(CATALOGUE, List.of(), true);
        final ExperimentPlan full = ExperimentPlan.select(CATALOGUE, List.of(), false);
        assertTrue(quick.rounds() < full.rounds());
        assertTrue(quick.measuredReps() <= full.measuredReps());
        assertEquals(quick.warmupReps(), full.warmupReps());
        assertTrue(quick.warmupMs() < full.warmupMs());
    }

    @Test
    void shouldPassTheWarmUpToKernelPrograms()
    {
        final ExperimentPlan full = ExperimentPlan.select(CATALOGUE, List.of(), false);
        assertEquals(List.of("512", Integer.toString(full.measuredReps()), Integer.toString(full.warmupReps()),
            Integer.toString(full.warmupMs())), full.kernelArguments(512));
        assertTrue(full.warmupMs() >= 1000, "a full run warms up for at least a second: " + full.warmupMs());
    }

    private static List<String> names(final ExperimentPlan plan)
    {
        return plan.experiments().stream().map(Experiment::name).toList();
    }
}
