package io.wabric.experiments.mpi;

import io.wabric.experiments.program.ProgramException;
import io.wabric.experiments.result.Summary;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MpiOutputTest
{
    @Test
    void shouldRecordEverySampleIntoOneHistogramPerSizeAcrossRounds()
    {
        final Map<Long, Histogram> histograms = MpiOutput.histograms();
        assertEquals(5, MpiOutput.record("t", "mpi_bench pingpong ranks 2\nsample 8 1000 2000 3000\n" +
            "sample 64 5000 7000\ndone\n", histograms));
        assertEquals(1, MpiOutput.record("t", "sample 8 4000\ndone\n", histograms));
        assertEquals(List.of(8L, 64L), List.copyOf(histograms.keySet()));
        assertEquals(4, histograms.get(8L).getTotalCount());
        final Summary summary = Summary.of(histograms.get(64L), 1e-3);
        assertEquals(2, summary.count());
        assertEquals(5.0, summary.min(), 0.01);
        assertEquals(7.0, summary.max(), 0.01);
    }

    @Test
    void shouldRejectOutputWithoutDoneLine()
    {
        final ProgramException ex = assertThrows(ProgramException.class,
            () -> MpiOutput.record("pingpong (wabric)", "sample 8 1000\n", MpiOutput.histograms()));
        assertEquals(true, ex.getMessage().startsWith("pingpong (wabric) did not finish its output"), ex.getMessage());
    }

    @Test
    void shouldRejectMalformedSample()
    {
        assertThrows(ProgramException.class,
            () -> MpiOutput.record("t", "sample 8 12x\ndone\n", MpiOutput.histograms()));
    }
}
