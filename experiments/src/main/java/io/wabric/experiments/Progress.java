package io.wabric.experiments;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines on standard error, each stamped with the time since the run began, so a long run shows where it is.
 */
public final class Progress
{
    private final PrintStream out;
    private final long startNs = System.nanoTime();
    private String prefix = "";

    /**
     * @param out where lines go (standard error).
     */
    public Progress(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Starts the next experiment.
     *
     * @param index      1-based position.
     * @param count      experiments in the plan.
     * @param experiment the one starting.
     */
    public void experiment(final int index, final int count, final Experiment experiment)
    {
        prefix = "[" + index + "/" + count + "] " + experiment.name() + ": ";
        line(experiment.description());
    }

    /**
     * @param message a step of the current experiment.
     */
    public void step(final String message)
    {
        line(message);
    }

    /**
     * @param message a line outside any experiment.
     */
    public void note(final String message)
    {
        prefix = "";
        line(message);
    }

    /**
     * @return seconds since the run began.
     */
    public double elapsedS()
    {
        return (System.nanoTime() - startNs) / 1e9;
    }

    private void line(final String message)
    {
        final long seconds = (long)elapsedS();
        out.println(String.format(Locale.ROOT, "bench %02d:%02d %s%s", seconds / 60, seconds % 60, prefix, message));
        out.flush();
    }
}
