package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How guest threads wait in the host: spin (regions and barriers are usually short), yield, then park until woken
 * or a short time-out passes. A waiting thread is at a safe point, so a memory grow may proceed.
 *
 * <p>The spin phase adapts per thread between a floor and {@link #SPIN_MAX}: a wait that ends in the second half
 * of its spin phase doubles the limit, a wait that outlasts it halves it. The floor is {@link #SPIN_COUNT} (the
 * maximum, so a fixed spin of about 0.2 ms) when the team has a processor per thread, as libgomp spins long before
 * it sleeps: a spinning waiter keeps its core and hands over in well under a microsecond, where yielding on a busy
 * machine loses the core for a time slice. It is {@link #SPIN_THROTTLED} when the team has more threads than the
 * machine has processors, where spinning only delays the threads being waited for. The spin yields once every
 * 1,024 rounds (about 25 us): when the scheduler has put both team threads on one core, that lets the thread being
 * waited for run instead of losing the whole spin (EPCC's dynamic,1 loop, whose implicit barrier comes every 128
 * iterations, measured 2.4 us per iteration without it and 0.7 with it).
 */
final class Waits
{
    /** Spin rounds (about 20-30 ns each) of a thread in a team with a core per thread; also the floor. */
    static final int SPIN_COUNT = 8_000;
    /** The floor when the team has more threads than the machine has processors (libgomp throttles likewise). */
    static final int SPIN_THROTTLED = 256;
    /** The most spin rounds: longer spins measured worse (a waiter keeps a core its partner may need). */
    static final int SPIN_MAX = SPIN_COUNT;
    static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
    static final int YIELD_COUNT = 50;
    /** While spinning, yield once every this many + 1 rounds (a power of two minus one). */
    static final int YIELD_EVERY_MASK = 1_023;
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
            self.spinLimit = adapt(spinLimit, rounds, self.spinFloor);
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
            if ((rounds & YIELD_EVERY_MASK) == YIELD_EVERY_MASK)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
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
     * @param teamSize threads in the team a thread joins.
     * @return the floor of its spin limit in that team.
     */
    static int spinFloor(final int teamSize)
    {
        return teamSize > PROCESSORS ? SPIN_THROTTLED : SPIN_COUNT;
    }

    /**
     * @param spinLimit the spin limit the wait ran with.
     * @param rounds    the idle rounds it took.
     * @param floor     the thread's floor ({@link #spinFloor}).
     * @return the spin limit for the next wait: doubled when the wait ended in the second half of its spin phase,
     *     halved (not below {@code floor}) when it outlasted the spin phase, else unchanged.
     */
    static int adapt(final int spinLimit, final int rounds, final int floor)
    {
        if (rounds >= spinLimit)
        {
            return Math.max(floor, spinLimit >> 1);
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
