package io.wabric.cli;

import io.wabric.core.WabricException;

/**
 * Command-line durations given in seconds ({@code run}'s and {@code mpirun}'s --timeout, --liveness-timeout,
 * --join-timeout), checked at the boundary: a negative, NaN or infinite value is refused in one line naming the
 * option and the value, rather than reaching a wait as a negative or endless number of milliseconds (a negative
 * --timeout used to be taken as none, and the job ran).
 */
final class DurationOption
{
    /** About 68 years: any longer limit is no limit, and the milliseconds stay far from overflowing a long. */
    static final double MAX_SECONDS = Integer.MAX_VALUE;

    private DurationOption()
    {
    }

    /**
     * @param option     the option's name, for the message.
     * @param seconds    the value given.
     * @param minSeconds the least value allowed; 0 means the option allows 0 for "no limit".
     * @return the duration in whole milliseconds, at least 1 for any positive value (so a tiny limit is not taken
     *         for none), 0 for 0.
     */
    static long millis(final String option, final double seconds, final double minSeconds)
    {
        if (!(seconds >= minSeconds) || seconds > MAX_SECONDS)
        {
            throw new WabricException(option + " " + seconds + ": must be a number of seconds from " +
                (minSeconds == 0 ? "0 (0 means no limit)" : String.valueOf(minSeconds)) + " to " + (long)MAX_SECONDS);
        }
        return seconds == 0 ? 0 : Math.max(1, (long)Math.ceil(seconds * 1000));
    }
}
