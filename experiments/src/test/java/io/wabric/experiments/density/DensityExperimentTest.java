package io.wabric.experiments.density;

import io.wabric.experiments.program.ProgramException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityExperimentTest
{
    @Test
    void shouldParseTheProbeLine()
    {
        final Map<String, String> values = DensityExperiment.parse("density instances 507 capped false " +
            "live_bytes 1070000000 baseline_bytes 4000000 per_instance_bytes 2102000 create_us 12971.3 " +
            "max_heap_bytes 1073741824\n");
        assertEquals("507", values.get("instances"));
        assertEquals("false", values.get("capped"));
        assertEquals("12971.3", values.get("create_us"));
    }

    @Test
    void shouldNameTheMissingValue()
    {
        final ProgramException ex = assertThrows(ProgramException.class,
            () -> DensityExperiment.parse("density instances 5 capped true\n"));
        assertTrue(ex.getMessage().contains("lacks live_bytes"), ex.getMessage());
    }
}
