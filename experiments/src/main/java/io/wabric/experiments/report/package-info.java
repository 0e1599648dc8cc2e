/**
 * Output of a bench run: {@code results.csv} ({@link io.wabric.experiments.report.CsvWriter}), {@code report.md}
 * ({@link io.wabric.experiments.report.ReportWriter} with one {@link io.wabric.experiments.report.ReportSection} per
 * group of experiments) and PNG figures ({@link io.wabric.experiments.report.PlotWriter}, XChart).
 */
package io.wabric.experiments.report;
