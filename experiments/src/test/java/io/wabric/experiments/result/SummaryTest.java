package io.wabric.experiments.result;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SummaryTest
{
    @Test
    void shouldTakeMiddleValueAsMedianWhenCountIsOdd()
    {
        final Summary summary = Summary.of(5, 1, 3);
        assertEquals(3, summary.median());
        assertEquals(3, summary.count());
        assertEquals(1, summary.min());
        assertEquals(5, summary.max());
    }

    @Test
    void shouldAverageMiddleValuesWhenCountIsEven()
    {
        assertEquals(2.5, Summary.of(4, 1, 3, 2).median());
    }

    @Test
    void shouldInterpolatePercentilesBetweenClosestRanks()
    {
        final Summary summary = Summary.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110);
        assertEquals(20, summary.p10(), 1e-12);
        assertEquals(100, summary.p90(), 1e-12);
        final Summary four = Summary.of(1, 2, 3, 4);
        assertEquals(1.3, four.p10(), 1e-12);
        assertEquals(3.7, four.p90(), 1e-12);
    }

    @Test
    void shouldUseTheOnlySampleForEveryStatisticWhenThereIsOne()
    {
        final Summary summary = Summary.of(7.5);
        assertEquals(7.5, summary.median());
        assertEquals(7.5, summary.p10());
        assertEquals(7.5, summary.p90());
    }

    @Test
    void shouldLeaveSamplesUnsorted()
    {
        final double[] samples = {3, 1, 2};
        Summary.of(samples);
        assertArrayEquals(new double[] {3, 1, 2}, samples);
    }

    @Test
    void shouldRejectNoSamples()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, Summary::of);
        assertEquals("no samples to summarise: run at least one measured repetition", ex.getMessage());
    }

    @Test
    void shouldRejectNonFiniteSamplesNamingThem()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Summary.of(1, Double.NaN));
        assertEquals("sample NaN is not finite in [1.0, NaN]", ex.getMessage());
    }
}
