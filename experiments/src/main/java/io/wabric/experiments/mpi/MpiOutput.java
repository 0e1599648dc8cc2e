package io.wabric.experiments.mpi;

import io.wabric.experiments.program.ProgramException;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code mpi_bench} output ({@code sample SIZE NS NS ...} lines, then {@code done}) into one HdrHistogram
 * of nanoseconds per message size, adding to histograms from earlier rounds.
 */
public final class MpiOutput
{
    /** Largest value a histogram records: 100 s in nanoseconds. */
    static final long HIGHEST_NS = 100_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private MpiOutput()
    {
    }

    /**
     * @return an empty histogram with the range and precision used here.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    }

    /**
     * @param label      the program and variant, for messages.
     * @param stdout     the output of rank 0.
     * @param histograms size to histogram, added to (created for new sizes), in first-seen order.
     * @return how many samples were recorded.
     * @throws ProgramException when a line is malformed or {@code done} is missing.
     */
    public static int record(final String label, final String stdout, final Map<Long, Histogram> histograms)
    {
        int count = 0;
        boolean done = false;
        for (final String line : stdout.split("\n"))
        {
            final String[] words = line.strip().split("\\s+");
            if (words[0].equals("done"))
            {
                done = true;
            }
            else if (words[0].equals("sample"))
            {
                if (words.length < 3)
                {
                    throw new ProgramException(label + " printed a sample line without timings: '" + line.strip() +
                        "'");
                }
                try
                {
                    final long size = Long.parseLong(words[1]);
                    final Histogram histogram = histograms.computeIfAbsent(size, key -> newHistogram());
                    for (int i = 2; i < words.length; i++)
                    {
                        histogram.recordValue(Math.max(1, Math.min(HIGHEST_NS, Long.parseLong(words[i]))));
                        count++;
                    }
                }
                catch (final NumberFormatException ex)
                {
                    throw new ProgramException(label + " printed a malformed sample line: '" +
                        (line.length() > 200 ? line.substring(0, 200) + "..." : line.strip()) + "'", ex);
                }
            }
        }
        if (!done || count == 0)
        {
            throw new ProgramException(label + " did not finish its output (no 'done' line or no samples); output " +
                "began: " + (stdout.length() > 300 ? stdout.substring(0, 300) + "..." : stdout.strip()));
        }
        return count;
    }

    /**
     * @return an empty, ordered size-to-histogram map.
     */
    public static Map<Long, Histogram> histograms()
    {
        return new LinkedHashMap<>();
    }
}
