package io.wabric.experiments.result;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest
{
    @Test
    void shouldAverageRatiosGeometrically()
    {
        assertEquals(2.0, Results.geometricMean(List.of(1.0, 4.0)), 1e-12);
        assertEquals(1.0, Results.geometricMean(List.of(0.5, 2.0)), 1e-12);
        assertEquals(3.0, Results.geometricMean(List.of(3.0)), 1e-12);
    }

    @Test
    void shouldRejectRatiosThatAreNotPositive()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> Results.geometricMean(List.of(1.0, 0.0)));
        assertEquals("ratio 0.0 in [1.0, 0.0] must be finite and > 0", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Results.geometricMean(List.of()));
    }

    @Test
    void shouldFindRowsByExperimentVariantAndThreads()
    {
        final Results results = new Results()
            .add(row("kernels", "matmul", "native", 1, 10))
            .add(row("kernels", "matmul", "wabric", 1, 20))
            .add(row("startup", "hello", "wabric-cold", 1, 500));
        assertEquals(20, results.find("matmul", "wabric", 1).orElseThrow().summary().median());
        assertTrue(results.find("matmul", "wabric", 2).isEmpty());
        assertEquals(2, results.group("kernels").size());
        assertEquals(1, results.group("startup").size());
    }

    @Test
    void shouldKeepFailuresInOrder()
    {
        final Results results = new Results().fail("spmv", "crashed").fail("matmul", "checksum differs");
        assertEquals(List.of("spmv", "matmul"), List.copyOf(results.failures().keySet()));
    }

    @Test
    void shouldRejectThreadCountBelowOne()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new Measurement("kernels", "matmul", "native", 0, 1, Summary.of(1), "ms"));
        assertEquals("threads=0 for matmul/native: threads or ranks must be >= 1", ex.getMessage());
    }

    static Measurement row(final String group, final String experiment, final String variant, final int threads,
        final double median)
    {
        return new Measurement(group, experiment, variant, threads, 100, Summary.of(median), "ms");
    }
}
