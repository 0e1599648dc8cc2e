package io.wabric.openmp.fork;

import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;

/**
 * One forked parallel region: the snapshot taken at the fork, the home memory that collects what the threads
 * publish, and the members' private memories.
 *
 * <pre>{@code
 * ForkTeam team = ForkTeam.begin(mode, masterMemory, size);   // at __kmpc_fork_call, before workers start
 * team.enter(workerMemory, threadNum);                        // in each worker, before its microtask
 * ... threads run; barriers: arrive(), last arriver team.mergeArrived(), leave() ...
 * memory.arrive();                                            // each thread after its microtask
 * team.end();                                                 // the master after the join
 * }</pre>
 *
 * <p>The home memory is guarded by this object's monitor: a publication or merge is one critical section. The
 * snapshot of the home memory that threads pull is cached until the home changes.
 */
public final class ForkTeam
{
    private final ForkMode mode;
    private final ThreadMemory[] members;
    private final MemorySnapshot start;
    private final CowMemory home;
    private final RaceMerger merger = new RaceMerger();
    private MemorySnapshot homeSnapshot;
    private volatile MemorySnapshot merged;
    private String site = "barrier";

    private ForkTeam(final ForkMode mode, final ThreadMemory master, final int size)
    {
        this.mode = mode;
        this.members = new ThreadMemory[size];
        this.start = master.local().snapshot();
        this.home = CowMemory.fork(start);
        this.homeSnapshot = start;
        this.merged = start;
        members[0] = master;
        master.join(this, 0, start, false);
    }

    /**
     * Forks a region: snapshots the master's memory (O(pages) pointer work) and makes the home memory.
     *
     * @param mode   the program's fork mode.
     * @param master the encountering thread's memory; it becomes thread 0.
     * @param size   the team size.
     * @return the team.
     */
    public static ForkTeam begin(final ForkMode mode, final ThreadMemory master, final int size)
    {
        mode.onRegion();
        return new ForkTeam(mode, master, size);
    }

    /**
     * Makes a worker's memory a fork of the region's snapshot: called by the worker before its microtask.
     *
     * @param worker    the worker's memory.
     * @param threadNum its thread number in the team.
     */
    public void enter(final ThreadMemory worker, final int threadNum)
    {
        members[threadNum] = worker;
        worker.join(this, threadNum, start, true);
    }

    /**
     * The barrier merge, run by the last thread to arrive while the others wait: every member's diff goes into
     * the home memory, with data races detected.
     *
     * @throws DataRaceException when two threads changed a byte to different values and races fail the program.
     */
    public void mergeArrived()
    {
        synchronized (this)
        {
            final long bytes = merger.merge(members, home, mode, site);
            if (bytes > 0)
            {
                homeSnapshot = null;
            }
            mode.onMerge(bytes);
            merged = snapshotOfHome();
        }
    }

    /**
     * The join: merges the last diffs (each member called {@link ThreadMemory#arrive()} after its microtask) and
     * gives the master the merged memory.
     *
     * @throws DataRaceException as {@link #mergeArrived()}.
     */
    public void end()
    {
        site = "the end of the parallel region";
        try
        {
            mergeArrived();
            members[0].pull(merged);
        }
        finally
        {
            for (final ThreadMemory member : members)
            {
                if (member != null)
                {
                    member.detach();
                }
            }
        }
    }

    /**
     * Detaches every member without merging, after a failed region.
     */
    public void abandon()
    {
        for (final ThreadMemory member : members)
        {
            if (member != null)
            {
                member.detach();
            }
        }
    }

    MemorySnapshot merged()
    {
        return merged;
    }

    void publish(final ThreadMemory member)
    {
        if (member.computeDiff() == 0)
        {
            return;
        }
        synchronized (this)
        {
            final long bytes = merger.apply(member, home);
            if (bytes > 0)
            {
                homeSnapshot = null;
            }
            mode.onPublish(bytes);
        }
        member.rebase();
    }

    void publishAndPull(final ThreadMemory member)
    {
        member.computeDiff();
        final MemorySnapshot pulled;
        synchronized (this)
        {
            if (member.diffLength() > 0)
            {
                final long bytes = merger.apply(member, home);
                if (bytes > 0)
                {
                    homeSnapshot = null;
                }
                mode.onPublish(bytes);
            }
            pulled = snapshotOfHome();
        }
        member.pull(pulled);
    }

    private MemorySnapshot snapshotOfHome()
    {
        if (homeSnapshot == null)
        {
            homeSnapshot = home.snapshot();
        }
        return homeSnapshot;
    }
}
