package io.wabric.openmp.fork;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.memory.AtomicRouter;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.memory.TrackedMemory;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;

/**
 * One OpenMP thread's private memory in fork mode: the tracked flat memory its instance runs on, the base it last
 * synchronised from, the snapshot it took when it arrived at a barrier or the join with the pages it wrote since
 * its base, and a reusable buffer for the diff it publishes at a lock release. Used only by its own thread, except
 * that the thread merging a barrier or join reads every member's arrival snapshot, and takes some of its pages,
 * after the member has arrived.
 *
 * <p>Every synchronisation starts with a snapshot of the local memory, which copies the pages written since the
 * last one (in parallel: each thread copies its own), so that diffs and merges work on immutable pages: a page
 * that only this thread wrote goes into the home memory by reference, and when this thread pulls the merged home
 * back its local memory copies only the pages that others changed.
 */
public final class ThreadMemory
{
    private static final MemoryDiffer DIFFER = new MemoryDiffer();
    private static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

    private final TrackedMemory local;
    private final ExpandableArrayBuffer diffBuffer = new ExpandableArrayBuffer(4096);
    private final DiffEncoder encoder = new DiffEncoder();
    private ForkTeam team;
    private int threadNum;
    private MemorySnapshot base;
    /** The local memory's snapshot at the last {@link #computeDiff()} or {@link #arrive()}. */
    private MemorySnapshot current;
    private int diffLength;
    private int[] writtenPages = new int[16];
    private int writtenPageCount;
    /** The home memory's version this thread's memory reflects (guarded by the team's monitor). */
    long seenVersion;
    private final AtomicCells atomicCells = new AtomicCells();
    /** Made when this thread first helps a merge (see {@link ForkTeam#helpMerge}). */
    private RaceMerger.PageScratch mergeScratch;
    private final AtomicRouter router = new AtomicRouter()
    {
        @Override
        public long readModifyWrite(
            final Memory memory, final int address, final int widthBytes, final Op op, final long operand,
            final long replacement)
        {
            return team.atomicReadModifyWrite(ThreadMemory.this, address, widthBytes, op, operand, replacement);
        }

        @Override
        public long load(final Memory memory, final int address, final int widthBytes)
        {
            return team.atomicLoad(ThreadMemory.this, address, widthBytes);
        }

        @Override
        public void store(final Memory memory, final int address, final int widthBytes, final long value)
        {
            team.atomicStore(ThreadMemory.this, address, widthBytes, value);
        }
    };

    /**
     * @param local the memory the thread's instance runs on.
     */
    public ThreadMemory(final TrackedMemory local)
    {
        this.local = local;
    }

    /**
     * @return the memory the thread's instance runs on.
     */
    public TrackedMemory local()
    {
        return local;
    }

    /**
     * @return true while the thread belongs to a forked team.
     */
    public boolean inTeam()
    {
        return team != null;
    }

    /**
     * @return the forked team the thread belongs to, or {@code null}.
     */
    public ForkTeam team()
    {
        return team;
    }

    /**
     * Acquire side of a lock, critical section, the libc lock or an ordered turn: publishes this thread's writes
     * and continues from the home memory, which holds every write released before.
     */
    public void acquire()
    {
        if (team != null)
        {
            team.publishAndPull(this);
        }
    }

    /**
     * Release side: publishes this thread's writes since its last synchronisation into the home memory.
     */
    public void release()
    {
        if (team != null)
        {
            team.publish(this);
        }
    }

    /**
     * Snapshots this thread's memory and lists the pages it wrote since its last synchronisation, for a barrier or
     * join merge: each thread copies and lists its own pages as it arrives, so the merge, which runs on one thread
     * while the others wait, visits only those pages.
     */
    public void arrive()
    {
        if (team != null)
        {
            collectWrittenPages();
        }
    }

    /**
     * After a barrier: continues from the merged home memory.
     */
    public void leave()
    {
        if (team != null)
        {
            pull(team.merged());
            seenVersion = team.mergedVersion();
        }
    }

    void join(final ForkTeam team, final int threadNum, final MemorySnapshot start, final boolean restore)
    {
        this.team = team;
        this.threadNum = threadNum;
        local.atomicRouter(router);
        if (restore)
        {
            local.restore(start);
        }
        this.base = start;
        this.current = start;
        this.diffLength = 0;
        this.writtenPageCount = 0;
        this.seenVersion = 0;
    }

    void detach()
    {
        local.atomicRouter(null);
        atomicCells.clear();
        team = null;
        base = null;
        current = null;
        diffLength = 0;
        writtenPageCount = 0;
    }

    int threadNum()
    {
        return threadNum;
    }

    private void collectWrittenPages()
    {
        current = local.snapshot();
        if (current == base)
        {
            writtenPageCount = 0;
            return;
        }
        final int pageCount = current.pageCount();
        int count = 0;
        for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
        {
            if (wrote(pageIndex))
            {
                if (count == writtenPages.length)
                {
                    writtenPages = Arrays.copyOf(writtenPages, Math.max(16, 2 * count));
                }
                writtenPages[count++] = pageIndex;
            }
        }
        writtenPageCount = count;
    }

    /**
     * @return the pages listed by {@link #arrive()}, ascending, in the first {@link #writtenPageCount()} entries.
     */
    int[] writtenPages()
    {
        return writtenPages;
    }

    int writtenPageCount()
    {
        return writtenPageCount;
    }

    /**
     * @return the snapshot this thread took when it last arrived (or computed a diff).
     */
    MemorySnapshot arrived()
    {
        return current;
    }

    /**
     * @param pageIndex a page.
     * @return the page as this thread wrote it by its arrival, or {@code null} when it did not change the page.
     */
    byte[] writtenPage(final int pageIndex)
    {
        return wrote(pageIndex) ? current.pageArray(pageIndex) : null;
    }

    /**
     * Whether the arrival snapshot holds another page than the base: another array, or, for a page the memory grew
     * since the base, anything but the shared zero page (a grown page nobody wrote is not a write).
     */
    private boolean wrote(final int pageIndex)
    {
        if (pageIndex >= current.pageCount())
        {
            return false;
        }
        return pageIndex < base.pageCount() ? current.pageArray(pageIndex) != base.pageArray(pageIndex) :
            !current.isZeroPage(pageIndex);
    }

    /**
     * @param pageIndex a page of this thread's memory.
     * @return the page as this thread last synchronised it; all zero for a page its memory grew since.
     */
    byte[] basePage(final int pageIndex)
    {
        return pageIndex < base.pageCount() ? base.pageArray(pageIndex) : ZERO_PAGE;
    }

    int computeDiff()
    {
        current = local.snapshot();
        diffLength = DIFFER.diff(base, current, encoder.wrap(diffBuffer, 0));
        return diffLength;
    }

    ExpandableArrayBuffer diffBuffer()
    {
        return diffBuffer;
    }

    int diffLength()
    {
        return diffLength;
    }

    void pull(final MemorySnapshot home)
    {
        atomicCells.clear();
        if (home == base)
        {
            // nothing changed since this thread's base and its own writes are published: local equals home
            diffLength = 0;
            writtenPageCount = 0;
            return;
        }
        local.restore(home);
        base = home;
        current = home;
        diffLength = 0;
        writtenPageCount = 0;
    }

    RaceMerger.PageScratch mergeScratch()
    {
        if (mergeScratch == null)
        {
            mergeScratch = new RaceMerger.PageScratch();
        }
        return mergeScratch;
    }

    AtomicCells atomicCells()
    {
        return atomicCells;
    }

    /**
     * After publishing the diff {@link #computeDiff()} found: the snapshot it took is the new base.
     */
    void rebase()
    {
        atomicCells.clear();
        base = current;
        diffLength = 0;
        writtenPageCount = 0;
    }
}
