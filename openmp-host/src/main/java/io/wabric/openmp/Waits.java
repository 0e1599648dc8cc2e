package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How guest threads wait in the host: spin briefly (regions and barriers are usually short), yield, then park
 * until woken or a short time-out passes. A waiting thread is at a safe point, so a memory grow may proceed.
 *
 * <p>Backoff rather than busy-spin: the machines this runs on often have fewer cores than team threads.
 */
final class Waits
{
    static final int SPIN_COUNT = 2_000;
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
            int rounds = 0;
            while (!done.getAsBoolean())
            {
                if (team != null)
                {
                    team.throwIfAborted();
                }
                if (Thread.currentThread().isInterrupted())
                {
                    throw new ChicoryInterruptedException("OpenMP thread interrupted while waiting");
                }
                if (rounds < SPIN_COUNT)
                {
                    Thread.onSpinWait();
                }
                else if (rounds < SPIN_COUNT + YIELD_COUNT)
                {
                    Thread.yield();
                }
                else
                {
                    self.parked = true;
                    if (!done.getAsBoolean())
                    {
                        LockSupport.parkNanos(self, PARK_NS);
                    }
                    self.parked = false;
                }
                rounds++;
            }
        }
        finally
        {
            runtime.safepoints().leaveSafe(self);
        }
    }
}
