package io.wabric.cli;

import io.wabric.core.faaslet.Outcome;

/**
 * Reports a run's {@link Outcome} to the user the same way for every launcher.
 */
final class Outcomes
{
    private Outcomes()
    {
    }

    /**
     * Prints the reason for an abnormal end to stderr and returns the exit status.
     *
     * @param who    the module or rank, for the message.
     * @param outcome how the run ended.
     * @return the process exit status.
     */
    static int report(final String who, final Outcome outcome)
    {
        switch (outcome.kind())
        {
            case TRAPPED:
                System.err.print("wabric: " + who + " trapped: " + outcome.reason() + "\n" + outcome.backtrace());
                System.err.flush();
                break;
            case TIMED_OUT:
                System.err.println("wabric: " + who + " " + outcome.reason() + " (--timeout)");
                break;
            default:
                break;
        }
        return outcome.exitCode();
    }
}
