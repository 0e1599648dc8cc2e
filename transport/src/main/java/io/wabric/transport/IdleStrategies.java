package io.wabric.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Idle strategies by name, so the command line can pick one. Busy-spinning needs a free core per spinning thread;
 * the default backoff (spin, yield, then park 1 µs to 1 ms) keeps a 2-core machine usable.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * @param name {@code backoff}, {@code yield}, {@code sleep} (1 ms) or {@code spin}.
     * @return a new strategy (they keep state: one per thread).
     */
    public static IdleStrategy create(final String name)
    {
        switch (name)
        {
            case "backoff":
                return new BackoffIdleStrategy(10, 5, 1_000, 1_000_000);
            case "yield":
                return new YieldingIdleStrategy();
            case "sleep":
                return new SleepingMillisIdleStrategy(1);
            case "spin":
                return new BusySpinIdleStrategy();
            default:
                throw new IllegalArgumentException("idle strategy '" + name +
                    "' is unknown; use backoff, yield, sleep or spin");
        }
    }
}
