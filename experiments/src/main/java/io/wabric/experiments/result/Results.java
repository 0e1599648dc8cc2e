package io.wabric.experiments.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one bench run measured, in the order it was measured, plus the experiments that failed and why.
 */
public final class Results
{
    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> unavailable = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    /**
     * @param measurement a row to add.
     * @return this.
     */
    public Results add(final Measurement measurement)
    {
        measurements.add(measurement);
        return this;
    }

    /**
     * Records that an experiment could not be measured (build error, crash, checksum mismatch).
     *
     * @param experiment the experiment.
     * @param reason     what went wrong, with the values involved.
     * @return this.
     */
    public Results fail(final String experiment, final String reason)
    {
        failures.put(experiment, reason);
        return this;
    }

    /**
     * Records that a variant could not run in this run (e.g. a Wabric mode not built yet), so the report says
     * "not available" instead of showing nothing, and never shows numbers for it.
     *
     * @param group   the report section.
     * @param variant the variant, e.g. {@code wabric-fork}.
     * @param reason  why, e.g. the launcher's error line.
     * @return this.
     */
    public Results unavailable(final String group, final String variant, final String reason)
    {
        unavailable.computeIfAbsent(group, g -> new LinkedHashMap<>()).putIfAbsent(variant, reason);
        return this;
    }

    /**
     * @param group a report section.
     * @return variant to reason for the variants of that section that could not run, in the order recorded.
     */
    public Map<String, String> unavailable(final String group)
    {
        return Collections.unmodifiableMap(unavailable.getOrDefault(group, Map.of()));
    }

    /**
     * Adds a sentence the report shows under a section, for facts found while measuring (e.g. a fallback taken).
     *
     * @param group the report section.
     * @param note  the sentence.
     * @return this.
     */
    public Results note(final String group, final String note)
    {
        final List<String> groupNotes = notes.computeIfAbsent(group, g -> new ArrayList<>());
        if (!groupNotes.contains(note))
        {
            groupNotes.add(note);
        }
        return this;
    }

    /**
     * @param group a report section.
     * @return its notes, in the order added.
     */
    public List<String> notes(final String group)
    {
        return Collections.unmodifiableList(notes.getOrDefault(group, List.of()));
    }

    /**
     * @return every row, in measurement order.
     */
    public List<Measurement> all()
    {
        return Collections.unmodifiableList(measurements);
    }

    /**
     * @param group a report section.
     * @return the rows of that section, in measurement order.
     */
    public List<Measurement> group(final String group)
    {
        final List<Measurement> rows = new ArrayList<>();
        for (final Measurement measurement : measurements)
        {
            if (measurement.group().equals(group))
            {
                rows.add(measurement);
            }
        }
        return rows;
    }

    /**
     * @param experiment the experiment.
     * @param variant    the variant.
     * @param threads    threads or ranks.
     * @return the first row matching all three.
     */
    public Optional<Measurement> find(final String experiment, final String variant, final int threads)
    {
        for (final Measurement measurement : measurements)
        {
            if (measurement.experiment().equals(experiment) && measurement.variant().equals(variant) &&
                measurement.threads() == threads)
            {
                return Optional.of(measurement);
            }
        }
        return Optional.empty();
    }

    /**
     * @return experiment name to failure reason, in the order they failed.
     */
    public Map<String, String> failures()
    {
        return Collections.unmodifiableMap(failures);
    }

    /**
     * The geometric mean of ratios, the usual way to average speed-ups so no one ratio dominates.
     *
     * @param ratios positive ratios, at least one.
     * @return their geometric mean.
     */
    public static double geometricMean(final List<Double> ratios)
    {
        if (ratios.isEmpty())
        {
            throw new IllegalArgumentException("no ratios to average");
        }
        double logSum = 0;
        for (final double ratio : ratios)
        {
            if (!(ratio > 0) || Double.isInfinite(ratio))
            {
                throw new IllegalArgumentException("ratio " + ratio + " in " + ratios + " must be finite and > 0");
            }
            logSum += Math.log(ratio);
        }
        return Math.exp(logSum / ratios.size());
    }
}
