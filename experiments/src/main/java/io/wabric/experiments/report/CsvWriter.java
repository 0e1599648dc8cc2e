package io.wabric.experiments.report;

import io.wabric.experiments.result.Measurement;
import io.wabric.experiments.result.Results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code results.csv}: one row per measurement, RFC 4180 quoting, numbers with a dot whatever the locale.
 */
public final class CsvWriter
{
    /** The header; part of the results format other tools read. */
    public static final List<String> HEADER =
        List.of("group", "experiment", "variant", "threads", "size", "median", "p10", "p90", "p99", "unit", "samples");

    private CsvWriter()
    {
    }

    /**
     * @param results the run's results.
     * @return the CSV text.
     */
    public static String render(final Results results)
    {
        final StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (final Measurement m : results.all())
        {
            csv.append(field(m.group())).append(',')
                .append(field(m.experiment())).append(',')
                .append(field(m.variant())).append(',')
                .append(m.threads()).append(',')
                .append(m.hasSize() ? Long.toString(m.size()) : "").append(',')
                .append(number(m.summary().median())).append(',')
                .append(number(m.summary().p10())).append(',')
                .append(number(m.summary().p90())).append(',')
                .append(number(m.summary().p99())).append(',')
                .append(field(m.unit())).append(',')
                .append(m.summary().count()).append('\n');
        }
        return csv.toString();
    }

    /**
     * @param results the run's results.
     * @param file    where to write them.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final Results results, final Path file) throws IOException
    {
        Files.writeString(file, render(results), StandardCharsets.UTF_8);
    }

    static String field(final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0)
        {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String number(final double value)
    {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
