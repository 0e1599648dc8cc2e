package io.wabric.experiments.goal;

import java.util.Objects;

/**
 * One performance goal of the project as checked by one run: the issue that set it, what it asks, what this run
 * measured and whether that meets it.
 */
public final class Goal
{
    /**
     * Whether a run met a goal.
     */
    public enum Verdict
    {
        /** The measured numbers meet the goal. */
        MET("met"),
        /** The measured numbers miss the goal. */
        NOT_MET("**not met**"),
        /** The run has no numbers for it (e.g. {@code --only}, a failed experiment, or another tool measures it). */
        NOT_MEASURED("not measured");

        private final String text;

        Verdict(final String text)
        {
            this.text = text;
        }

        /**
         * @return the verdict as the report writes it.
         */
        public String text()
        {
            return text;
        }

        /**
         * @param met whether the goal's condition holds.
         * @return {@link #MET} or {@link #NOT_MET}.
         */
        public static Verdict of(final boolean met)
        {
            return met ? MET : NOT_MET;
        }
    }

    private final int issue;
    private final String statement;
    private final String measured;
    private final Verdict verdict;

    /**
     * @param issue     the issue that set the goal.
     * @param statement what the goal asks, e.g. {@code serial kernels: geometric mean <= 2x native}.
     * @param measured  what this run measured, with units, or why it has no number.
     * @param verdict   whether that meets the goal.
     */
    public Goal(final int issue, final String statement, final String measured, final Verdict verdict)
    {
        this.issue = issue;
        this.statement = Objects.requireNonNull(statement, "statement");
        this.measured = Objects.requireNonNull(measured, "measured");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * @return the issue that set the goal.
     */
    public int issue()
    {
        return issue;
    }

    /**
     * @return what the goal asks.
     */
    public String statement()
    {
        return statement;
    }

    /**
     * @return what this run measured.
     */
    public String measured()
    {
        return measured;
    }

    /**
     * @return whether that meets the goal.
     */
    public Verdict verdict()
    {
        return verdict;
    }

    @Override
    public String toString()
    {
        return "issue " + issue + ": " + statement + ": " + measured + " -> " + verdict.name().toLowerCase(
            java.util.Locale.ROOT).replace('_', ' ');
    }
}
