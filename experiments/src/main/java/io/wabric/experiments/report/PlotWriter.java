package io.wabric.experiments.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the report's figures as PNG files with XChart (headless: no display needed).
 */
public final class PlotWriter
{
    static final int WIDTH = 900;
    static final int HEIGHT = 480;

    private final Path outDir;
    private final List<Path> written = new ArrayList<>();

    /**
     * @param outDir directory the PNG files go to.
     */
    public PlotWriter(final Path outDir)
    {
        System.setProperty("java.awt.headless", "true");
        this.outDir = outDir;
    }

    /**
     * Draws grouped bars: one group per category, one bar per series.
     *
     * @param fileStem   file name without {@code .png}.
     * @param title      chart title.
     * @param yTitle     y axis title, with the unit.
     * @param categories the x axis categories.
     * @param series     series name to one value per category, in legend order.
     * @return the PNG's file name.
     */
    public String bars(
        final String fileStem,
        final String title,
        final String yTitle,
        final List<String> categories,
        final Map<String, List<Double>> series)
    {
        final CategoryChart chart = new CategoryChartBuilder()
            .width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setDecimalPattern("#,##0.##");
        chart.getStyler().setYAxisMin(0.0);
        for (final Map.Entry<String, List<Double>> entry : new LinkedHashMap<>(series).entrySet())
        {
            if (entry.getValue().size() != categories.size())
            {
                throw new IllegalArgumentException("series " + entry.getKey() + " has " + entry.getValue().size() +
                    " values for " + categories.size() + " categories " + categories);
            }
            chart.addSeries(entry.getKey(), categories, entry.getValue());
        }
        return save(fileStem, chart);
    }

    /**
     * Draws lines: y against x per series, e.g. latency against message size.
     *
     * @param fileStem file name without {@code .png}.
     * @param title    chart title.
     * @param xTitle   x axis title, with the unit.
     * @param yTitle   y axis title, with the unit.
     * @param logAxes  true for logarithmic x and y axes (sizes and times over decades).
     * @param series   series name to its points, {@code {x values, y values}}, in legend order.
     * @return the PNG's file name.
     */
    public String lines(
        final String fileStem,
        final String title,
        final String xTitle,
        final String yTitle,
        final boolean logAxes,
        final Map<String, double[][]> series)
    {
        final XYChart chart = new XYChartBuilder()
            .width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisLogarithmic(logAxes);
        chart.getStyler().setYAxisLogarithmic(logAxes);
        chart.getStyler().setDecimalPattern("#,##0.##");
        for (final Map.Entry<String, double[][]> entry : series.entrySet())
        {
            final double[][] points = entry.getValue();
            if (points.length != 2 || points[0].length != points[1].length || points[0].length == 0)
            {
                throw new IllegalArgumentException("series " + entry.getKey() + " needs {x values, y values} of " +
                    "equal, non-zero length");
            }
            chart.addSeries(entry.getKey(), points[0], points[1]).setMarker(SeriesMarkers.CIRCLE);
        }
        return save(fileStem, chart);
    }

    /**
     * @return every file written so far.
     */
    public List<Path> written()
    {
        return List.copyOf(written);
    }

    private String save(final String fileStem, final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart)
    {
        final String fileName = fileStem + ".png";
        final Path file = outDir.resolve(fileName);
        try
        {
            Files.createDirectories(outDir);
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write plot " + file + ": " + ex.getMessage(), ex);
        }
        if (!written.contains(file))
        {
            written.add(file);
        }
        return fileName;
    }
}
