package io.wabric.experiments.kernel;

import io.wabric.experiments.program.ProgramException;

import java.util.Arrays;

/**
 * Parses what a kernel program prints (see {@code experiments/programs/kernels/kernel.h}):
 *
 * <pre>
 *   kernel NAME size SIZE reps REPS
 *   warmup INDEX NANOSECONDS       (one per warm-up repetition, counted)
 *   rep INDEX NANOSECONDS          (REPS lines, INDEX 0, 1, 2...)
 *   checksum VALUE
 * </pre>
 *
 * Other lines are ignored, so a kernel may print diagnostics.
 */
public final class KernelOutput
{
    private final long[] repNs;
    private final int warmups;
    private final String checksum;

    private KernelOutput(final long[] repNs, final int warmups, final String checksum)
    {
        this.repNs = repNs;
        this.warmups = warmups;
        this.checksum = checksum;
    }

    /**
     * @param name         the kernel, for messages.
     * @param stdout       the program's standard output.
     * @param expectedReps how many repetitions it was asked for.
     * @return the parsed output.
     * @throws ProgramException naming what is missing or malformed.
     */
    public static KernelOutput parse(final String name, final String stdout, final int expectedReps)
    {
        final long[] repNs = new long[expectedReps];
        Arrays.fill(repNs, -1);
        String checksum = null;
        int warmups = 0;
        for (final String line : stdout.split("\n"))
        {
            final String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("warmup"))
            {
                warmups++;
            }
            else if (words.length == 3 && words[0].equals("rep"))
            {
                final int index = parseInt(name, words[1], line);
                if (index < 0 || index >= expectedReps)
                {
                    throw new ProgramException(name + " printed repetition " + index + " but was asked for " +
                        expectedReps + ": '" + line + "'");
                }
                repNs[index] = parseLong(name, words[2], line);
            }
            else if (words.length == 2 && words[0].equals("checksum"))
            {
                checksum = words[1];
            }
        }
        for (int i = 0; i < expectedReps; i++)
        {
            if (repNs[i] < 0)
            {
                throw new ProgramException(name + " printed no time for repetition " + i + " of " + expectedReps +
                    "; output was: " + abbreviate(stdout));
            }
        }
        if (checksum == null)
        {
            throw new ProgramException(name + " printed no 'checksum' line; output was: " + abbreviate(stdout));
        }
        return new KernelOutput(repNs, warmups, checksum);
    }

    /**
     * @return nanoseconds of each repetition, in order.
     */
    public long[] repNs()
    {
        return repNs.clone();
    }

    /**
     * @return the measured repetitions ({@code rep} lines; the program reports its warm-up ones apart) in
     * milliseconds.
     */
    public double[] measuredMs()
    {
        final double[] ms = new double[repNs.length];
        for (int i = 0; i < repNs.length; i++)
        {
            ms[i] = repNs[i] / 1e6;
        }
        return ms;
    }

    /**
     * @return how many warm-up repetitions the program ran before the measured ones.
     */
    public int warmups()
    {
        return warmups;
    }

    /**
     * @return the checksum exactly as printed.
     */
    public String checksum()
    {
        return checksum;
    }

    private static int parseInt(final String name, final String word, final String line)
    {
        try
        {
            return Integer.parseInt(word);
        }
        catch (final NumberFormatException ex)
        {
            throw new ProgramException(name + " printed a malformed repetition line '" + line + "'", ex);
        }
    }

    private static long parseLong(final String name, final String word, final String line)
    {
        try
        {
            final long value = Long.parseLong(word);
            if (value < 0)
            {
                throw new ProgramException(name + " printed a negative time in '" + line + "'");
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new ProgramException(name + " printed a malformed repetition line '" + line + "'", ex);
        }
    }

    private static String abbreviate(final String text)
    {
        final String stripped = text.strip();
        return stripped.length() <= 300 ? "'" + stripped + "'" : "'" + stripped.substring(0, 300) + "...'";
    }
}
