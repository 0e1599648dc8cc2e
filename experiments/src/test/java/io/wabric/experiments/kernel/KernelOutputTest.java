package io.wabric.experiments.kernel;

import io.wabric.experiments.program.ProgramException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelOutputTest
{
    private static final String OUTPUT = "kernel matmul size 4 reps 3\n" +
        "rep 0 3000000\n" +
        "a diagnostic line\n" +
        "rep 1 2000000\n" +
        "rep 2 1500000\n" +
        "checksum -417642.82352941582\n";

    @Test
    void shouldParseRepetitionsAndChecksum()
    {
        final KernelOutput output = KernelOutput.parse("matmul", OUTPUT, 3);
        assertArrayEquals(new long[] {3_000_000, 2_000_000, 1_500_000}, output.repNs());
        assertEquals("-417642.82352941582", output.checksum());
    }

    @Test
    void shouldCountWarmupRepetitionsApartFromMeasuredOnes()
    {
        final KernelOutput output = KernelOutput.parse("jacobi",
            "kernel jacobi size 4 reps 2\nwarmup 0 90\nwarmup 1 80\nwarmup 2 70\nrep 0 50\nrep 1 40\nchecksum 7\n", 2);
        assertEquals(3, output.warmups());
        assertArrayEquals(new double[] {50e-6, 40e-6}, output.measuredMs());
    }

    @Test
    void shouldConvertMeasuredRepetitionsToMilliseconds()
    {
        assertArrayEquals(new double[] {3.0, 2.0, 1.5}, KernelOutput.parse("matmul", OUTPUT, 3).measuredMs());
    }

    @Test
    void shouldNameTheMissingRepetition()
    {
        final ProgramException ex = assertThrows(ProgramException.class,
            () -> KernelOutput.parse("jacobi", "rep 0 10\nrep 2 10\nchecksum 1\n", 3));
        assertEquals("jacobi printed no time for repetition 1 of 3; output was: 'rep 0 10\nrep 2 10\nchecksum 1'",
            ex.getMessage());
    }

    @Test
    void shouldFailWhenChecksumIsMissing()
    {
        final ProgramException ex =
            assertThrows(ProgramException.class, () -> KernelOutput.parse("spmv", "rep 0 10\n", 1));
        assertEquals("spmv printed no 'checksum' line; output was: 'rep 0 10'", ex.getMessage());
    }

    @Test
    void shouldRejectRepetitionIndexBeyondTheRequestedCount()
    {
        final ProgramException ex =
            assertThrows(ProgramException.class, () -> KernelOutput.parse("spmv", "rep 5 10\nchecksum 1\n", 2));
        assertEquals("spmv printed repetition 5 but was asked for 2: 'rep 5 10'", ex.getMessage());
    }

    @Test
    void shouldRejectMalformedTimes()
    {
        final ProgramException ex =
            assertThrows(ProgramException.class, () -> KernelOutput.parse("spmv", "rep 0 ten\nchecksum 1\n", 1));
        assertEquals("spmv printed a malformed repetition line 'rep 0 ten'", ex.getMessage());
    }
}
