package io.wabric.experiments.result;

import java.util.Objects;

/**
 * One row of results: the summary of one experiment in one variant and configuration.
 *
 * <p>{@code group} names the report section (e.g. {@code kernels}, {@code startup}); {@code experiment} the program
 * or scenario; {@code variant} how it ran ({@code native}, {@code wabric}, {@code wabric-cold}...); {@code threads}
 * counts threads or ranks; {@code size} is the problem size, or {@link #NO_SIZE} where none applies.
 */
public final class Measurement
{
    /** Size of experiments that have no problem size. */
    public static final long NO_SIZE = -1;

    private final String group;
    private final String experiment;
    private final String variant;
    private final int threads;
    private final long size;
    private final Summary summary;
    private final String unit;

    /**
     * @param group      report section this row belongs to.
     * @param experiment program or scenario measured.
     * @param variant    how it ran.
     * @param threads    threads or ranks, at least 1.
     * @param size       problem size, or {@link #NO_SIZE}.
     * @param summary    statistics of the samples.
     * @param unit       unit of the statistics, e.g. {@code ms}.
     */
    public Measurement(
        final String group,
        final String experiment,
        final String variant,
        final int threads,
        final long size,
        final Summary summary,
        final String unit)
    {
        this.group = Objects.requireNonNull(group, "group");
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.variant = Objects.requireNonNull(variant, "variant");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.unit = Objects.requireNonNull(unit, "unit");
        if (threads < 1)
        {
            throw new IllegalArgumentException("threads=" + threads + " for " + experiment + "/" + variant +
                ": threads or ranks must be >= 1");
        }
        this.threads = threads;
        this.size = size;
    }

    /**
     * @return report section this row belongs to.
     */
    public String group()
    {
        return group;
    }

    /**
     * @return program or scenario measured.
     */
    public String experiment()
    {
        return experiment;
    }

    /**
     * @return how it ran.
     */
    public String variant()
    {
        return variant;
    }

    /**
     * @return threads or ranks.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return problem size, or {@link #NO_SIZE}.
     */
    public long size()
    {
        return size;
    }

    /**
     * @return true when a problem size applies.
     */
    public boolean hasSize()
    {
        return size != NO_SIZE;
    }

    /**
     * @return statistics of the samples.
     */
    public Summary summary()
    {
        return summary;
    }

    /**
     * @return unit of the statistics.
     */
    public String unit()
    {
        return unit;
    }

    @Override
    public String toString()
    {
        return group + "/" + experiment + "/" + variant + " threads=" + threads + " size=" + size + ": " + summary +
            " " + unit;
    }
}
