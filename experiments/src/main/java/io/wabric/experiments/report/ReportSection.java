package io.wabric.experiments.report;

import io.wabric.experiments.result.Measurement;

import java.util.List;

/**
 * The part of {@code report.md} for one group of experiments: tables, ratios and plots of that group's rows.
 */
public interface ReportSection
{
    /**
     * @return the group whose rows this section shows, e.g. {@code kernels}.
     */
    String group();

    /**
     * @return the section's heading, used as is when the group has no rows but has notes.
     */
    String title();

    /**
     * Writes the section; called only when the group has rows.
     *
     * @param rows     the group's measurements, in measurement order.
     * @param markdown where the section goes.
     * @param plots    draws figures into the output directory.
     */
    void write(List<Measurement> rows, Markdown markdown, PlotWriter plots);
}
