package io.wabric.openmp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WaitsTest
{
    @Test
    void shouldDoubleTheSpinLimitWhenAWaitEndsLateInItsSpinPhase()
    {
        assertEquals(1_024, Waits.adapt(512, 400, Waits.SPIN_THROTTLED));
    }

    @Test
    void shouldKeepTheSpinLimitWhenAWaitEndsEarly()
    {
        assertEquals(8_000, Waits.adapt(8_000, 10, Waits.SPIN_COUNT));
    }

    @Test
    void shouldHalveTheSpinLimitDownToTheFloorWhenAWaitOutlastsTheSpinPhase()
    {
        assertEquals(Waits.SPIN_COUNT / 2, Waits.adapt(Waits.SPIN_COUNT, 40_000, Waits.SPIN_THROTTLED));
        assertEquals(Waits.SPIN_COUNT, Waits.adapt(Waits.SPIN_COUNT, 40_000, Waits.SPIN_COUNT));
        assertEquals(Waits.SPIN_THROTTLED, Waits.adapt(300, 40_000, Waits.SPIN_THROTTLED));
    }

    @Test
    void shouldNotGrowBeyondTheMaximum()
    {
        assertEquals(Waits.SPIN_MAX, Waits.adapt(Waits.SPIN_MAX, Waits.SPIN_MAX - 1, Waits.SPIN_COUNT));
    }

    @Test
    void shouldThrottleSpinningWhenTheTeamHasMoreThreadsThanProcessors()
    {
        assertEquals(Waits.SPIN_COUNT, Waits.spinFloor(1));
        assertEquals(Waits.SPIN_THROTTLED, Waits.spinFloor(Waits.PROCESSORS + 1));
    }
}
