package io.wabric.openmp.fork;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import io.wabric.snapshot.memory.AtomicRouter;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One forked parallel region: the snapshot taken at the fork, the home memory that collects what the threads
 * publish, and the members' private memories.
 *
 * <pre>{@code
 * ForkTeam team = ForkTeam.begin(mode, masterMemory, size, wake); // at __kmpc_fork_call, before workers start
 * team.enter(workerMemory, threadNum);                        // in each worker, before its microtask
 * ... threads run; barriers: arrive(), last arriver team.mergeArrived(), leave() ...
 * memory.arrive();                                            // each thread after its microtask
 * team.end();                                                 // the master after the join
 * team.helpMerge(workerMemory);                               // each worker after its microtask, until settled()
 * }</pre>
 *
 * <p>The home memory is guarded by this object's monitor: a publication or merge is one critical section. The
 * snapshot of the home memory that threads pull is cached until the home changes.
 *
 * <p>The one costly step of a merge, the three-way merge of pages several threads wrote, is shared: the merging
 * thread opens the list of those pages and the threads waiting at the barrier, or the workers after the join, take
 * pages from it with {@link #helpMerge}. A 2-thread 2048 x 2048 transpose, whose threads write 513 pages in common
 * per region, went from 43.6 to 36.5 ms per repetition.
 */
public final class ForkTeam
{
    private final ForkMode mode;
    private final ThreadMemory[] members;
    private final MemorySnapshot start;
    private final CowMemory home;
    private final RaceMerger merger = new RaceMerger();
    private final AtomicCells atomicCells = new AtomicCells();
    private MemorySnapshot homeSnapshot;
    /** Counts changes to the home memory; a thread that has seen the current version need not pull. */
    private long version;
    private long mergedVersion;
    private volatile MemorySnapshot merged;
    private String site = "barrier";
    /** The number of shared pages helpers may take from the merge in progress, 0 when none is open. */
    private volatile int openSharedPages;
    private final AtomicInteger nextSharedPage = new AtomicInteger();
    private final AtomicInteger mergedSharedPages = new AtomicInteger();
    private volatile Throwable helperFailure;
    private final Runnable wakeMembers;
    /** Set once the join has merged, or the region was abandoned: workers waiting to help the join may go. */
    private volatile boolean settled;

    private ForkTeam(final ForkMode mode, final ThreadMemory master, final int size, final Runnable wakeMembers)
    {
        this.mode = mode;
        this.wakeMembers = wakeMembers;
        this.members = new ThreadMemory[size];
        this.start = master.local().snapshot();
        this.home = CowMemory.fork(start);
        this.homeSnapshot = start;
        this.merged = start;
        members[0] = master;
        master.join(this, 0, start, false);
    }

    /**
     * Forks a region: snapshots the master's memory (copying the pages it wrote since its last snapshot) and makes
     * the home memory.
     *
     * @param mode        the program's fork mode.
     * @param master      the encountering thread's memory; it becomes thread 0.
     * @param size        the team size.
     * @param wakeMembers wakes the team's parked threads, so that they help a merge or see the join settled.
     * @return the team.
     */
    public static ForkTeam begin(
        final ForkMode mode, final ThreadMemory master, final int size, final Runnable wakeMembers)
    {
        mode.onRegion();
        return new ForkTeam(mode, master, size, wakeMembers);
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
            final int shared = merger.plan(members, home, atomicCells);
            if (shared > 0)
            {
                mergeShared(shared);
            }
            final long bytes = merger.finish(home, mode, site);
            if (bytes > 0)
            {
                changed(null);
            }
            atomicCells.clear();
            mode.onMerge(bytes);
            mergedVersion = version;
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
            settle();
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
            settle();
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
        settle();
    }

    /**
     * For a thread waiting at a barrier, or a worker after the join: merges shared pages of the merge in progress
     * until none is left to take.
     *
     * <p>A helper that read an open count takes indices of that merge only: the next merge of this team opens at
     * the next barrier or the join, which waits for every member, the helper included, to arrive.
     *
     * @param helper the helping thread's memory.
     * @return true when a merge was open.
     */
    public boolean helpMerge(final ThreadMemory helper)
    {
        final int shared = openSharedPages;
        if (shared == 0)
        {
            return false;
        }
        takeSharedPages(shared, helper.mergeScratch());
        return true;
    }

    /**
     * @return true once the join merged or the region was abandoned: a worker waiting after its microtask may go.
     */
    public boolean settled()
    {
        return settled;
    }

    private void settle()
    {
        if (!settled)
        {
            settled = true;
            wakeMembers.run();
        }
    }

    /**
     * Under the monitor: merges the planned shared pages, with the waiting threads' help where there is more than
     * one page and more than one thread, and waits until every taken page is merged.
     */
    private void mergeShared(final int shared)
    {
        if (shared == 1 || members.length == 1)
        {
            for (int i = 0; i < shared; i++)
            {
                merger.mergeSharedPage(i, members, home, atomicCells, merger.ownScratch());
            }
            return;
        }
        nextSharedPage.set(0);
        mergedSharedPages.set(0);
        helperFailure = null;
        openSharedPages = shared;
        wakeMembers.run();
        takeSharedPages(shared, merger.ownScratch());
        // the pages still being merged were taken by helpers: at most one page (~35 us) each, unless a helper was
        // descheduled, for which the yields leave it the core
        for (int rounds = 0; mergedSharedPages.get() < shared; rounds++)
        {
            if ((rounds & 1023) == 1023)
            {
                Thread.yield();
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        openSharedPages = 0;
        final Throwable failure = helperFailure;
        if (failure instanceof RuntimeException)
        {
            throw (RuntimeException)failure;
        }
        if (failure != null)
        {
            throw (Error)failure;
        }
    }

    private void takeSharedPages(final int shared, final RaceMerger.PageScratch scratch)
    {
        while (nextSharedPage.get() < shared)
        {
            final int i = nextSharedPage.getAndIncrement();
            if (i >= shared)
            {
                return;
            }
            try
            {
                merger.mergeSharedPage(i, members, home, atomicCells, scratch);
            }
            catch (final RuntimeException | Error ex)
            {
                helperFailure = ex;
            }
            finally
            {
                mergedSharedPages.incrementAndGet();
            }
        }
    }

    MemorySnapshot merged()
    {
        return merged;
    }

    long mergedVersion()
    {
        return mergedVersion;
    }



    void publish(final ThreadMemory member)
    {
        if (member.computeDiff() == 0)
        {
            return;
        }
        synchronized (this)
        {
            applyPublication(member);
        }
        member.rebase();
    }

    void publishAndPull(final ThreadMemory member)
    {
        final boolean changed = member.computeDiff() > 0;
        MemorySnapshot pulled = null;
        synchronized (this)
        {
            if (changed)
            {
                applyPublication(member);
            }
            if (member.seenVersion != version)
            {
                pulled = snapshotOfHome();
                member.seenVersion = version;
            }
        }
        if (pulled != null)
        {
            member.pull(pulled);
        }
        else if (changed)
        {
            // nobody else changed the home memory since this thread last synchronised: it already holds it all
            member.rebase();
        }
    }

    /**
     * Under the monitor: writes a member's diff into the home memory and advances the version; a member that had
     * seen every earlier version has seen this one too (its memory already holds what it published).
     */
    private void applyPublication(final ThreadMemory member)
    {
        final long bytes = merger.apply(member, home);
        if (bytes > 0)
        {
            changed(member);
        }
        mode.onPublish(bytes);
    }

    private void changed(final ThreadMemory member)
    {
        homeSnapshot = null;
        if (member != null && member.seenVersion == version)
        {
            member.seenVersion = version + 1;
        }
        version++;
    }

    private MemorySnapshot snapshotOfHome()
    {
        if (homeSnapshot == null)
        {
            homeSnapshot = home.snapshot();
        }
        return homeSnapshot;
    }

    /**
     * Atomic instructions of the team's threads act on the home memory, under the team's monitor, so that every
     * thread counts, swaps and compare-exchanges on one value; the thread's private copy gets the result too, so
     * its own plain reads see it. No other memory is published by an atomic (OpenMP's default relaxed
     * {@code atomic}): data handed over through an atomic flag needs a lock, critical section or barrier.
     */
    long atomicReadModifyWrite(
        final ThreadMemory member, final int address, final int widthBytes, final AtomicRouter.Op op,
        final long operand, final long replacement)
    {
        final Memory local = member.local();
        checkLocal(local, address, widthBytes);
        synchronized (this)
        {
            final long old = readHome(address, widthBytes);
            final long updated;
            switch (op)
            {
                case ADD: updated = old + operand; break;
                case AND: updated = old & operand; break;
                case OR: updated = old | operand; break;
                case XOR: updated = old ^ operand; break;
                case XCHG: updated = operand; break;
                default: updated = old == operand ? replacement : old; break;
            }
            storeHome(address, widthBytes, updated);
            changed(member);
            atomicCells.mark(address, widthBytes);
            member.atomicCells().mark(address, widthBytes);
            writeLocal(local, address, widthBytes, updated);
            return old;
        }
    }

    long atomicLoad(final ThreadMemory member, final int address, final int widthBytes)
    {
        checkLocal(member.local(), address, widthBytes);
        synchronized (this)
        {
            atomicCells.mark(address, widthBytes);
            return readHome(address, widthBytes);
        }
    }

    void atomicStore(final ThreadMemory member, final int address, final int widthBytes, final long value)
    {
        final Memory local = member.local();
        checkLocal(local, address, widthBytes);
        synchronized (this)
        {
            storeHome(address, widthBytes, value);
            changed(member);
            atomicCells.mark(address, widthBytes);
            member.atomicCells().mark(address, widthBytes);
            writeLocal(local, address, widthBytes, value);
        }
    }

    private long readHome(final int address, final int widthBytes)
    {
        switch (widthBytes)
        {
            case 1: return home.atomicReadByte(address) & 0xFFL;
            case 2: return home.atomicReadShort(address) & 0xFFFFL;
            case 4: return home.atomicReadInt(address) & 0xFFFF_FFFFL;
            default: return home.atomicReadLong(address);
        }
    }

    private void storeHome(final int address, final int widthBytes, final long value)
    {
        switch (widthBytes)
        {
            case 1: home.atomicWriteByte(address, (byte)value); break;
            case 2: home.atomicWriteShort(address, (short)value); break;
            case 4: home.atomicWriteInt(address, (int)value); break;
            default: home.atomicWriteLong(address, value); break;
        }
    }

    private static void writeLocal(final Memory local, final int address, final int widthBytes, final long value)
    {
        switch (widthBytes)
        {
            case 1: local.writeByte(address, (byte)value); break;
            case 2: local.writeShort(address, (short)value); break;
            case 4: local.writeI32(address, (int)value); break;
            default: local.writeLong(address, value); break;
        }
    }

    private static void checkLocal(final Memory local, final int address, final int widthBytes)
    {
        if (address < 0 || (long)address + widthBytes > (long)local.pages() * Memory.PAGE_SIZE)
        {
            throw new WasmRuntimeException("out of bounds memory access: atomic at address " +
                Integer.toUnsignedString(address) + " size " + widthBytes + " beyond memory of " +
                (long)local.pages() * Memory.PAGE_SIZE + " bytes");
        }
    }
}
