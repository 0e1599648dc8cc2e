package io.wabric.experiments.report;

import java.util.List;

/**
 * A small GitHub-flavoured Markdown builder for reports: headings, paragraphs, tables and images whose paths get a
 * prefix, so the same report can live beside its images or in {@code docs/} with them under {@code img/}.
 */
public final class Markdown
{
    private final StringBuilder text = new StringBuilder();
    private final String imagePrefix;

    /**
     * @param imagePrefix prepended to image file names, e.g. {@code ""} or {@code "img/"}.
     */
    public Markdown(final String imagePrefix)
    {
        this.imagePrefix = imagePrefix;
    }

    /**
     * @param level 1 for the title, 2 for sections...
     * @param title the heading.
     * @return this.
     */
    public Markdown heading(final int level, final String title)
    {
        text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
        return this;
    }

    /**
     * @param paragraph text, which may itself contain Markdown.
     * @return this.
     */
    public Markdown paragraph(final String paragraph)
    {
        text.append(paragraph.strip()).append("\n\n");
        return this;
    }

    /**
     * @param items list items.
     * @return this.
     */
    public Markdown bullets(final List<String> items)
    {
        for (final String item : items)
        {
            text.append("- ").append(item).append('\n');
        }
        text.append('\n');
        return this;
    }

    /**
     * @param headers column headers; a header starting with {@code >} is right-aligned (the marker is dropped).
     * @param rows    cells, one list per row, as many as headers.
     * @return this.
     */
    public Markdown table(final List<String> headers, final List<List<String>> rows)
    {
        final StringBuilder rule = new StringBuilder("|");
        text.append('|');
        for (final String header : headers)
        {
            final boolean right = header.startsWith(">");
            text.append(' ').append(right ? header.substring(1) : header).append(" |");
            rule.append(right ? "---:|" : "---|");
        }
        text.append('\n').append(rule).append('\n');
        for (final List<String> row : rows)
        {
            if (row.size() != headers.size())
            {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells for " +
                    headers.size() + " columns " + headers);
            }
            text.append('|');
            for (final String cell : row)
            {
                text.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            text.append('\n');
        }
        text.append('\n');
        return this;
    }

    /**
     * @param alt      alternative text.
     * @param fileName the image file name, without the prefix.
     * @return this.
     */
    public Markdown image(final String alt, final String fileName)
    {
        text.append("![").append(alt).append("](").append(imagePrefix).append(fileName).append(")\n\n");
        return this;
    }

    @Override
    public String toString()
    {
        return text.toString();
    }

    /**
     * Formats a time or ratio with about three significant digits, so tables stay readable across magnitudes.
     *
     * @param value the number.
     * @return it as text.
     */
    public static String number(final double value)
    {
        final double magnitude = Math.abs(value);
        final String format = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : magnitude >= 1 ? "%.2f" : "%.3f";
        return String.format(java.util.Locale.ROOT, format, value);
    }
}
