package io.wabric.openmp;

import io.wabric.core.WabricException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenMpSettingsTest
{
    @Test
    void shouldReadTheVariablesLibgompReads()
    {
        final OpenMpSettings settings = OpenMpSettings.fromEnvironment(Map.of(
            "OMP_NUM_THREADS", "6,3", "OMP_SCHEDULE", "guided,8", "OMP_DYNAMIC", "true", "OMP_STACKSIZE", "8M",
            "OMP_MAX_TASK_PRIORITY", "5"));
        assertEquals(6, settings.numThreads(0));
        assertEquals(3, settings.numThreads(1));
        assertEquals(3, settings.runSchedule());
        assertEquals(8, settings.runChunk());
        assertTrue(settings.dynamic());
        assertEquals(2, settings.maxActiveLevels(), "a list of team sizes enables that many levels, as in libgomp");
        assertEquals(8 << 20, settings.stackSizeBytes());
        assertEquals(5, settings.maxTaskPriority());
    }

    @Test
    void shouldLetThreadsOverrideTheEnvironment()
    {
        final OpenMpSettings settings = OpenMpSettings.fromEnvironment(Map.of("OMP_NUM_THREADS", "8")).threads(2);
        assertEquals(2, settings.numThreads(0));
        assertEquals(1, settings.maxActiveLevels());
        assertFalse(settings.dynamic());
        assertEquals(0, settings.maxTaskPriority());
    }

    @Test
    void shouldNameTheVariableWhenAValueIsMalformed()
    {
        final WabricException ex = assertThrows(WabricException.class,
            () -> OpenMpSettings.fromEnvironment(Map.of("OMP_SCHEDULE", "sometimes")));
        assertTrue(ex.getMessage().startsWith("OMP_SCHEDULE=sometimes"), ex.getMessage());
    }
}
