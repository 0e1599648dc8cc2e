package io.wabric.openmp;

import io.wabric.core.engine.Guest;

import java.util.concurrent.locks.LockSupport;

/**
 * One guest thread of an OpenMP program: the program's initial thread or a pooled worker. Owns a module instance
 * (its own globals and {@code __stack_pointer}), its thread-id cells in guest memory, its innermost
 * {@link TeamFrame}, and its internal control variables.
 *
 * <p>Fields other than the volatile ones are touched only by the owning Java thread, or handed over with the
 * happens-before of a fork or join.
 */
final class OmpThread
{
    /** Thread-id cell pairs kept per nesting depth: {@code gtid} at +0, {@code btid} at +4. */
    static final int ID_CELL_LEVELS = 16;
    static final int ID_CELL_BYTES = 8;

    final int gtid;
    final Guest guest;
    Thread javaThread;
    int idCellsAddress;
    int stackTop;

    TeamFrame frame;
    int nthreadsIcv;
    int runScheduleIcv;
    int runChunkIcv;
    int pendingNumThreads;
    /** The explicit task this thread executes now, or {@code null} in its implicit task. */
    Task explicitTask;

    /** Fork mode only: this thread's private memory; {@code null} in shared mode. */
    io.wabric.openmp.fork.ThreadMemory memory;


    /** Reused arrays (owner thread only): the microtask's arguments, a top-level fork's shared pointers. */
    long[] invokeArgs;
    long[] topLevelSharedArgs;
    /** The last team this thread forked in shared mode, reused when the next fork gets the same workers. */
    Team lastForkedTeam;
    /** Scratch for the workers of a fork. */
    OmpThread[] acquired;
    /** This worker's assignment, refilled by each master that hands it work (after the worker's last join). */
    final Assignment assignmentSlot = new Assignment();

    /** Whether this thread's current {@code __kmpc_reduce} chose the atomic method (no lock to release). */
    boolean atomicReduction;
    /** Spin rounds before yielding in a wait, adapted per wait ({@link Waits#adapt}); owner thread only. */
    int spinLimit = Waits.SPIN_COUNT;
    /** The least the spin limit may shrink to in the thread's current team ({@link Waits#spinFloor}). */
    int spinFloor = Waits.SPIN_COUNT;
    /** The same for a pooled worker waiting for its next region. */
    int assignmentSpinLimit = Waits.SPIN_COUNT;

    volatile boolean parked;
    volatile boolean safe;
    volatile Assignment assignment;
    volatile boolean retired;
    boolean busy;

    /**
     * What a pooled worker is asked to run: a microtask as thread {@code threadNum} of {@code team}.
     */
    static final class Assignment
    {
        Team team;
        int threadNum;
        int microtask;
        long[] sharedArgs;
        TeamFrame parentFrame;
        int nthreads;
        int runSchedule;
        int runChunk;

        Assignment set(
            final Team team,
            final int threadNum,
            final int microtask,
            final long[] sharedArgs,
            final TeamFrame parentFrame,
            final int nthreads,
            final int runSchedule,
            final int runChunk)
        {
            this.team = team;
            this.threadNum = threadNum;
            this.microtask = microtask;
            this.sharedArgs = sharedArgs;
            this.parentFrame = parentFrame;
            this.nthreads = nthreads;
            this.runSchedule = runSchedule;
            this.runChunk = runChunk;
            return this;
        }
    }

    OmpThread(final int gtid, final Guest guest, final Thread javaThread)
    {
        this.gtid = gtid;
        this.guest = guest;
        this.javaThread = javaThread;
    }

    /**
     * Wakes this thread if it is parked in a {@link Waits} loop.
     */
    void wake()
    {
        if (parked)
        {
            LockSupport.unpark(javaThread);
        }
    }

    /**
     * Sets the spin floor for the team the thread joins, raising the spin limits to it.
     */
    void spinFloor(final int floor)
    {
        spinFloor = floor;
        spinLimit = Math.max(spinLimit, floor);
        assignmentSpinLimit = Math.max(assignmentSpinLimit, floor);
    }

    /**
     * @return the address of the gtid cell for the current nesting depth.
     */
    int gtidCell()
    {
        return idCellsAddress + Math.min(frame.level, ID_CELL_LEVELS - 1) * ID_CELL_BYTES;
    }
}
