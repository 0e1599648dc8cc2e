package io.wabric.openmp;

import io.wabric.core.WabricException;
import io.wabric.core.engine.Guest;
import io.wabric.core.faaslet.GuestSiblings;
import io.wabric.openmp.fork.ForkMode;
import io.wabric.openmp.fork.ForkTeam;
import io.wabric.openmp.fork.ThreadMemory;
import io.wabric.snapshot.memory.TrackedMemory;

/**
 * The hooks through which the shared-mode runtime runs in fork mode ({@link io.wabric.openmp.fork}). Every method
 * is a no-op for a thread outside a forked team, so shared mode pays one null check per synchronisation.
 */
final class ForkBridge
{
    private ForkBridge()
    {
    }

    /**
     * Acquire side of a synchronisation (lock, critical, libc lock, ordered turn, flush).
     */
    static void acquire(final OmpThread self)
    {
        final ThreadMemory memory = self.memory;
        if (memory != null)
        {
            memory.acquire();
        }
    }

    /**
     * Release side of a synchronisation.
     */
    static void release(final OmpThread self)
    {
        final ThreadMemory memory = self.memory;
        if (memory != null)
        {
            memory.release();
        }
    }

    /**
     * A thread reaching a barrier (before it counts as arrived), or finishing its microtask.
     */
    static void arrive(final OmpThread self)
    {
        final ThreadMemory memory = self.memory;
        if (memory != null)
        {
            memory.arrive();
        }
    }

    /**
     * The last thread to reach a barrier, before it releases the others.
     */
    static void mergeArrived(final Team team)
    {
        final ForkTeam fork = team.fork;
        if (fork != null)
        {
            fork.mergeArrived();
        }
    }

    /**
     * A thread waiting at a barrier: merges shared pages while the thread completing the barrier has some open.
     *
     * @return true when it found a merge open.
     */
    static boolean helpMerge(final Team team, final OmpThread self)
    {
        final ForkTeam fork = team.fork;
        return fork != null && self.memory != null && fork.helpMerge(self.memory);
    }

    /**
     * A worker after its microtask and {@code workerDone}: helps the join's merge until the master has merged (or
     * abandoned) the region. Never throws: it runs where the worker returns to the pool; a helper's failure is
     * the master's to report, and the wait ends when the team fails or the thread is interrupted.
     *
     * @param worker     the worker.
     * @param fork       the region's forked team, or {@code null} in shared mode.
     * @param team       the team, whose failure ends the wait.
     * @param safepoints the program's safe points: the wait is one.
     */
    static void afterRegion(final OmpThread worker, final ForkTeam fork, final Team team, final Safepoints safepoints)
    {
        final ThreadMemory memory = worker.memory;
        if (fork == null || memory == null)
        {
            return;
        }
        safepoints.enterSafe(worker);
        try
        {
            final int spinLimit = worker.spinLimit;
            int rounds = 0;
            while (!fork.settled() && team.failure() == null && !Thread.currentThread().isInterrupted())
            {
                if (fork.helpMerge(memory))
                {
                    rounds = 0;
                    continue;
                }
                if (Waits.idle(spinLimit, rounds++))
                {
                    worker.parked = true;
                    if (!fork.settled())
                    {
                        Waits.park(worker);
                    }
                    worker.parked = false;
                }
            }
        }
        finally
        {
            safepoints.leaveSafe(worker);
        }
    }

    /**
     * A thread leaving a barrier.
     */
    static void leave(final OmpThread self)
    {
        final ThreadMemory memory = self.memory;
        if (memory != null)
        {
            memory.leave();
        }
    }

    /**
     * @return true when a fork by this thread must run serialised: fork mode forks top-level teams only.
     */
    static boolean nestedInForkedTeam(final OmpThread self)
    {
        return self.memory != null && self.memory.inTeam();
    }

    /**
     * A new worker's instance: over the shared memory in shared mode, over a private fork in fork mode.
     */
    static Guest instantiateWorker(final ForkMode mode, final GuestSiblings siblings, final OmpThread creator)
    {
        if (mode == null)
        {
            return siblings.instantiate();
        }
        final TrackedMemory local = TrackedMemory.fork(masterMemory(creator).local().snapshot());
        return siblings.instantiate(local);
    }

    /**
     * Makes the team forked: called by the master after choosing the workers and before waking them.
     */
    static void beginRegion(final ForkMode mode, final OmpThread master, final Team team)
    {
        if (mode != null)
        {
            team.fork = ForkTeam.begin(mode, masterMemory(master), team.size(), team.wakeMembers);
        }
    }

    /**
     * A worker starting its part of a forked region.
     */
    static void enter(final OmpThread worker, final Team team, final int threadNum)
    {
        if (team.fork != null)
        {
            if (worker.memory == null)
            {
                worker.memory = new ThreadMemory((TrackedMemory)worker.guest.memory());
            }
            team.fork.enter(worker.memory, threadNum);
        }
    }

    /**
     * The master after the join: merges the region into its memory, or drops it when the region failed.
     */
    static void endRegion(final Team team, final boolean failed)
    {
        final ForkTeam fork = team.fork;
        if (fork != null)
        {
            if (failed)
            {
                fork.abandon();
            }
            else
            {
                fork.end();
            }
        }
    }

    private static ThreadMemory masterMemory(final OmpThread master)
    {
        if (master.memory == null)
        {
            if (!(master.guest.memory() instanceof TrackedMemory))
            {
                throw new WabricException("OpenMP fork mode needs the program's memory to be a tracked memory, " +
                    "not a " + master.guest.memory().getClass().getSimpleName() + ": run it with " +
                    "`wabric run --omp=fork`, which creates one");
            }
            master.memory = new ThreadMemory((TrackedMemory)master.guest.memory());
        }
        return master.memory;
    }
}
