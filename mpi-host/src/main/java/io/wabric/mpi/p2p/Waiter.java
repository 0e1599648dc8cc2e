package io.wabric.mpi.p2p;

import java.util.concurrent.locks.LockSupport;

/**
 * A thread that waits for completions, and whether it is parked right now, so that a completing thread pays for
 * {@link LockSupport#unpark} (a mutex and possibly a futex wake-up) only when the waiter really sleeps. While the
 * waiter spins, a completion costs one volatile read.
 *
 * <p>The hand-off is Dekker-style on two volatile fields: the waiter writes {@code parked = true} and then checks
 * its condition once more before parking; a completer first publishes the completion (a volatile write, or the
 * release of a mailbox lock) and then reads {@code parked}. One of the two always sees the other's write, so no
 * wake-up is lost. A waiter made with {@link #unconditional(Thread)} is always woken (threads other than a rank's
 * own, which do not announce when they park).
 *
 * <pre>{@code
 * waiter.parked(true);
 * if (!condition.getAsBoolean())
 * {
 *     LockSupport.parkNanos(timeoutNs);
 * }
 * waiter.parked(false);
 * }</pre>
 */
public final class Waiter
{
    private final Thread thread;
    private final boolean always;
    private volatile boolean parked;

    private Waiter(final Thread thread, final boolean always)
    {
        this.thread = thread;
        this.always = always;
    }

    /**
     * @param thread a rank's thread, which announces its parking through {@link #parked(boolean)}.
     * @return a waiter woken only while parked.
     */
    public static Waiter announcing(final Thread thread)
    {
        return new Waiter(thread, false);
    }

    /**
     * @param thread a thread that parks without announcing it.
     * @return a waiter woken on every completion.
     */
    public static Waiter unconditional(final Thread thread)
    {
        return new Waiter(thread, true);
    }

    /**
     * @return the waiting thread.
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * @param parked true just before the thread re-checks its condition and parks, false once it runs again.
     */
    public void parked(final boolean parked)
    {
        this.parked = parked;
    }

    /**
     * Wakes the thread if it is parked (or always, for an unconditional waiter). Call after publishing the
     * completion.
     */
    public void wake()
    {
        if (always || parked)
        {
            LockSupport.unpark(thread);
        }
    }
}
