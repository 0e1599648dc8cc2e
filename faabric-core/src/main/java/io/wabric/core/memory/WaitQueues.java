package io.wabric.core.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The waiter queues behind {@code memory.atomic.wait} and {@code memory.atomic.notify}, one per address.
 *
 * <p>Each address has a monitor with a count of waiters and of wake-ups granted but not yet taken, so a notify
 * wakes exactly the number of waiters it reports, as the threads proposal requires.
 */
final class WaitQueues
{
    private static final int WOKEN = 0;
    private static final int NOT_EQUAL = 1;
    private static final int TIMED_OUT = 2;

    private final ConcurrentHashMap<Integer, Waiters> byAddress = new ConcurrentHashMap<>();

    private static final class Waiters
    {
        int waiting;
        int wakeups;
    }

    int await(final int addr, final BooleanSupplier stillExpected, final long timeoutNs)
    {
        final long deadlineNs = timeoutNs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNs;
        final Waiters waiters = byAddress.computeIfAbsent(addr, k -> new Waiters());
        synchronized (waiters)
        {
            if (!stillExpected.getAsBoolean())
            {
                return NOT_EQUAL;
            }
            waiters.waiting++;
            try
            {
                while (waiters.wakeups == 0)
                {
                    final long remainingNs = deadlineNs - System.nanoTime();
                    if (remainingNs <= 0)
                    {
                        return TIMED_OUT;
                    }
                    try
                    {
                        waiters.wait(remainingNs / 1_000_000L, (int)(remainingNs % 1_000_000L));
                    }
                    catch (final InterruptedException ex)
                    {
                        throw FlatMemory.interrupted();
                    }
                }
                waiters.wakeups--;
                return WOKEN;
            }
            finally
            {
                waiters.waiting--;
            }
        }
    }

    int notify(final int addr, final int maxThreads)
    {
        final Waiters waiters = byAddress.get(addr);
        if (waiters == null)
        {
            return 0;
        }
        synchronized (waiters)
        {
            final int idle = waiters.waiting - waiters.wakeups;
            final int woken = maxThreads < 0 ? idle : Math.min(idle, maxThreads);
            if (woken > 0)
            {
                waiters.wakeups += woken;
                waiters.notifyAll();
            }
            return woken;
        }
    }
}
