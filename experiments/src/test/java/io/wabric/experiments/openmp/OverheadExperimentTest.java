package io.wabric.experiments.openmp;

import io.wabric.experiments.program.ProgramException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverheadExperimentTest
{
    @Test
    void shouldParseEveryConstructIncludingNegativeOverheads()
    {
        final Map<String, Double> values = OverheadExperiment.parse("native", "threads 2\nparallel 0.614\n" +
            "barrier -4.548\ncritical 0.135\nreduction 0.739\ndynamic_1 0.102\n");
        assertEquals(OverheadExperiment.CONSTRUCTS, List.copyOf(values.keySet()));
        assertEquals(-4.548, values.get("barrier"));
    }

    @Test
    void shouldNameMissingConstructs()
    {
        final ProgramException ex = assertThrows(ProgramException.class,
            () -> OverheadExperiment.parse("wabric-shared", "parallel 1.0\n"));
        assertEquals(true, ex.getMessage().contains("[parallel] but not all of"), ex.getMessage());
    }

    @Test
    void shouldListNativeFirstAndForkAsOptional()
    {
        assertEquals("native", OpenMpRuns.VARIANTS.get(0).name());
        assertEquals(true, OpenMpRuns.VARIANTS.stream()
            .anyMatch(variant -> variant.name().equals("wabric-fork") && variant.isOptional()));
    }
}
