package io.wabric.openmp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's record of one OpenMP task: an explicit task (whose {@code kmp_task_t} lives in guest memory at
 * {@link #address}) or a thread's implicit task in a team (address 0).
 *
 * <p>Counters that other threads change are atomic; the dependence map and the current task group are touched
 * only by the thread executing this task (a tied task never moves). The successor list is guarded by the task's
 * monitor, which also orders "add a successor" against "complete".
 */
final class Task
{
    /** {@code kmp_tasking_flags_t} bits clang passes to {@code __kmpc_omp_task_alloc}; part of the guest ABI. */
    static final int FLAG_TIED = 0x1;
    static final int FLAG_FINAL = 0x2;
    static final int FLAG_DESTRUCTORS = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    final int address;
    final Task parent;
    final Team team;
    final int level;
    final int flags;
    final boolean isFinal;
    final int allocatedBytes;
    final int sharedsOffset;
    final int sharedsBytes;

    /** Children created and not yet complete: what {@code taskwait} waits for. */
    final AtomicInteger children = new AtomicInteger();
    /** Unfinished predecessors, plus one held by the creator until the task is submitted. */
    final AtomicInteger predecessors = new AtomicInteger(1);
    /** The task group the task was counted in when it was submitted, or {@code null}. */
    TaskGroup countedIn;
    /** The innermost task group open in this task (inherited from the parent at creation). */
    TaskGroup taskgroup;
    /** Sibling dependences of this task's children, keyed by address; owned by the executing thread. */
    DependenceMap dependences;
    /** Set when an untied task re-enqueues itself (clang's untied switch): it continues on the same thread. */
    boolean resumeRequested;
    /** Whether a thread executes it now (also for an {@code if(0)} task the compiler runs inline). */
    volatile boolean running;
    /** For an {@code if(0)} task: the explicit task its thread ran before it, restored at its completion. */
    Task enclosing;

    private List<Task> successors;
    private boolean completed;

    private Task(
        final int address,
        final Task parent,
        final Team team,
        final int flags,
        final boolean isFinal,
        final int allocatedBytes,
        final int sharedsOffset,
        final int sharedsBytes)
    {
        this.address = address;
        this.parent = parent;
        this.team = team;
        this.level = parent == null ? 0 : parent.level + 1;
        this.flags = flags;
        this.isFinal = isFinal;
        this.allocatedBytes = allocatedBytes;
        this.sharedsOffset = sharedsOffset;
        this.sharedsBytes = sharedsBytes;
        this.taskgroup = parent == null ? null : parent.taskgroup;
    }

    /**
     * @param team the team whose thread runs it.
     * @return a thread's implicit task in that team.
     */
    static Task implicit(final Team team)
    {
        return new Task(0, null, team, FLAG_TIED, false, 0, 0, 0);
    }

    /**
     * An explicit task allocated by {@code parent}'s thread; a child of a final task is final (included).
     */
    static Task explicit(
        final int address,
        final Task parent,
        final int flags,
        final int allocatedBytes,
        final int sharedsOffset,
        final int sharedsBytes)
    {
        return new Task(address, parent, parent.team, flags, (flags & FLAG_FINAL) != 0 || parent.isFinal,
            allocatedBytes, sharedsOffset, sharedsBytes);
    }

    /**
     * A copy of a taskloop's pattern task for one chunk, at {@code address}.
     */
    Task chunk(final int chunkAddress)
    {
        return new Task(chunkAddress, parent, team, flags, isFinal, allocatedBytes, sharedsOffset, sharedsBytes);
    }

    boolean isImplicit()
    {
        return address == 0;
    }

    /**
     * The task scheduling constraint: while {@code suspended} waits (not at a barrier), its thread may only start
     * tasks that descend from it.
     *
     * @param suspended the task waiting on the thread, or {@code null} for no constraint.
     * @return whether this task may start now on that thread.
     */
    boolean mayRunUnder(final Task suspended)
    {
        if (suspended == null)
        {
            return true;
        }
        Task ancestor = parent;
        while (ancestor != null && ancestor != suspended && ancestor.level > suspended.level)
        {
            ancestor = ancestor.parent;
        }
        return ancestor == suspended;
    }

    /**
     * Makes this task wait for {@code predecessor} unless it has already completed.
     */
    void dependOn(final Task predecessor)
    {
        if (predecessor == null || predecessor == this)
        {
            return;
        }
        synchronized (predecessor)
        {
            if (!predecessor.completed)
            {
                if (predecessor.successors == null)
                {
                    predecessor.successors = new ArrayList<>(2);
                }
                predecessor.successors.add(this);
                predecessors.incrementAndGet();
            }
        }
    }

    boolean isComplete()
    {
        synchronized (this)
        {
            return completed;
        }
    }

    /**
     * Marks the task complete.
     *
     * @return the successors to release (each already counted this task as a predecessor), or {@code null}.
     */
    List<Task> markComplete()
    {
        synchronized (this)
        {
            completed = true;
            final List<Task> released = successors;
            successors = null;
            return released;
        }
    }
}
