package io.wabric.experiments.result;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/**
 * Order statistics of one set of samples: the median with the 10th and 90th percentiles as its spread, and the
 * 99th percentile for latency tails.
 *
 * <p>Percentiles of a few samples ({@link #of(double...)}) interpolate linearly between the two closest ranks (the
 * method spreadsheets and NumPy use by default), so a summary of few samples stays stable instead of jumping from
 * sample to sample. Many samples (per-iteration latencies) go through an HdrHistogram ({@link #of(Histogram,
 * double)}).
 */
public final class Summary
{
    private final int count;
    private final double median;
    private final double p10;
    private final double p90;
    private final double p99;
    private final double min;
    private final double max;

    private Summary(final int count, final double median, final double p10, final double p90, final double p99,
        final double min, final double max)
    {
        this.count = count;
        this.median = median;
        this.p10 = p10;
        this.p90 = p90;
        this.p99 = p99;
        this.min = min;
        this.max = max;
    }

    /**
     * Summarises samples; the array is not modified.
     *
     * @param samples at least one finite value.
     * @return the summary.
     */
    public static Summary of(final double... samples)
    {
        if (samples.length == 0)
        {
            throw new IllegalArgumentException("no samples to summarise: run at least one measured repetition");
        }
        final double[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (final double sample : sorted)
        {
            if (!Double.isFinite(sample))
            {
                throw new IllegalArgumentException("sample " + sample + " is not finite in " + Arrays.toString(samples));
            }
        }
        return new Summary(sorted.length, percentile(sorted, 50), percentile(sorted, 10), percentile(sorted, 90),
            percentile(sorted, 99), sorted[0], sorted[sorted.length - 1]);
    }

    /**
     * Summarises an HdrHistogram of integer samples (e.g. nanoseconds), scaled to the report's unit.
     *
     * @param histogram    at least one recorded value.
     * @param unitPerValue multiplier from a recorded value to the unit, e.g. {@code 1e-3} for ns to us.
     * @return the summary, with HdrHistogram's percentiles.
     */
    public static Summary of(final Histogram histogram, final double unitPerValue)
    {
        if (histogram.getTotalCount() == 0)
        {
            throw new IllegalArgumentException("empty histogram: record at least one sample");
        }
        final long count = histogram.getTotalCount();
        return new Summary((int)Math.min(Integer.MAX_VALUE, count),
            histogram.getValueAtPercentile(50) * unitPerValue,
            histogram.getValueAtPercentile(10) * unitPerValue,
            histogram.getValueAtPercentile(90) * unitPerValue,
            histogram.getValueAtPercentile(99) * unitPerValue,
            histogram.getMinValue() * unitPerValue,
            histogram.getMaxValue() * unitPerValue);
    }

    /**
     * The p-th percentile of sorted values, interpolating linearly between the closest ranks.
     *
     * @param sorted     ascending values, at least one.
     * @param percentile between 0 and 100.
     * @return the percentile.
     */
    static double percentile(final double[] sorted, final double percentile)
    {
        final double rank = percentile / 100.0 * (sorted.length - 1);
        final int lower = (int)Math.floor(rank);
        final int upper = Math.min(lower + 1, sorted.length - 1);
        final double fraction = rank - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    /**
     * @return number of samples.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return the median.
     */
    public double median()
    {
        return median;
    }

    /**
     * @return the 10th percentile.
     */
    public double p10()
    {
        return p10;
    }

    /**
     * @return the 90th percentile.
     */
    public double p90()
    {
        return p90;
    }

    /**
     * @return the 99th percentile.
     */
    public double p99()
    {
        return p99;
    }

    /**
     * @return the smallest sample.
     */
    public double min()
    {
        return min;
    }

    /**
     * @return the largest sample.
     */
    public double max()
    {
        return max;
    }

    @Override
    public String toString()
    {
        return "median " + median + " (p10 " + p10 + ", p90 " + p90 + ", n=" + count + ")";
    }
}
