package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How guest threads wait in the host: spin (regions and barriers are usually short), yield, then park until woken
 * or a short time-out passes. A waiting thread is at a safe point, so a memory grow may proceed.
 *
 * <p>The spin phase adapts per thread: a wait that ends while spinning near the limit doubles it (up to
 * {@link #SPIN_MAX}), a wait that outlasts it halves it (down to {@link #SPIN_MIN}). With a core per thread the
 * threads keep spinning and hand over in well under a microsecond; when the scheduler puts two team threads on
 * one core (machines with fewer free cores than team threads), spinning only delays the thread being waited for,
 * so the limit shrinks and the waiter yields almost at once.
 */
final class Waits
{
    static final int SPIN_COUNT = 2_000;
    static final int SPIN_MIN = 512;
    static final int SPIN_MAX = 32_768;
    static final int YIELD_COUNT = 50;
    static final long PARK_NS = 200_000;

    private Waits()
    {
    }

    /**
     * Waits until {@code done} holds.
     *
     * @param self    the waiting thread.
     * @param team    the team whose failure ends the wait, or {@code null}.
     * @param runtime the program, for safe points.
     * @param done    the condition.
     */
    static void await(final OmpThread self, final Team team, final OpenMpRuntime runtime, final BooleanSupplier done)
    {
        if (done.getAsBoolean())
        {
            return;
        }
        runtime.safepoints().enterSafe(self);
        try
        {
            final int spinLimit = self.spinLimit;
            int rounds = 0;
            while (!done.getAsBoolean())
            {
                if (team != null)
                {
                    team.throwIfAborted();
                }
                checkInterrupted();
                if (idle(spinLimit, rounds++))
                {
                    self.parked = true;
                    if (!done.getAsBoolean())
                    {
                        park(self);
                    }
                    self.parked = false;
                }
            }
            self.spinLimit = adapt(spinLimit, rounds);
        }
        finally
        {
            runtime.safepoints().leaveSafe(self);
        }
    }

    /**
     * One idle round of a wait loop: spins for the first {@code spinLimit} rounds, then yields for
     * {@link #YIELD_COUNT}, then asks the caller to park (set {@code parked}, re-check, {@link #park}).
     *
     * @param spinLimit the waiting thread's current spin limit.
     * @param rounds    idle rounds so far.
     * @return true when the caller should park now.
     */
    static boolean idle(final int spinLimit, final int rounds)
    {
        if (rounds < spinLimit)
        {
            Thread.onSpinWait();
            return false;
        }
        if (rounds < spinLimit + YIELD_COUNT)
        {
            Thread.yield();
            return false;
        }
        return true;
    }

    /**
     * @param spinLimit the spin limit the wait ran with.
     * @param rounds    the idle rounds it took.
     * @return the spin limit for the next wait: doubled when the wait ended in the second half of its spin phase,
     *     halved when it outlasted the spin phase, else unchanged.
     */
    static int adapt(final int spinLimit, final int rounds)
    {
        if (rounds >= spinLimit)
        {
            return Math.max(SPIN_MIN, spinLimit >> 1);
        }
        if (rounds > spinLimit >> 1)
        {
            return Math.min(SPIN_MAX, spinLimit << 1);
        }
        return spinLimit;
    }

    /**
     * Parks the calling thread until woken or {@link #PARK_NS} pass.
     */
    static void park(final OmpThread self)
    {
        LockSupport.parkNanos(self, PARK_NS);
    }

    /**
     * @throws ChicoryInterruptedException if the calling thread was interrupted (its team is aborting or the run
     *     timed out).
     */
    static void checkInterrupted()
    {
        if (Thread.currentThread().isInterrupted())
        {
            throw new ChicoryInterruptedException("OpenMP thread interrupted while waiting");
        }
    }
}
