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
            team.fork = ForkTeam.begin(mode, masterMemory(master), team.size());
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
