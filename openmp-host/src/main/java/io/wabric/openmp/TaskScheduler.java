package io.wabric.openmp;

import com.dylibso.chicory.runtime.WasmRuntimeException;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Runs explicit tasks on a team's threads: deferred tasks wait in the team's per-thread {@link TaskDeque}s, and a
 * thread that waits (at a barrier, {@code taskwait}, the end of a {@code taskgroup}, for a dependence, or at the
 * end of a parallel region) runs ready tasks, its own newest first, then steals other threads' oldest.
 *
 * <pre>
 *   create:   children++, group.pending++, team.pending++; link dependences; ready? push : wait for predecessors
 *   execute:  on the executing thread's own instance and Wasm stack, below its current frame (tied tasks)
 *   complete: recycle the block, release successors, group.pending--, parent.children--, team.pending--
 * </pre>
 *
 * <p>A waiting thread that finds nothing to run backs off (spin, yield, park briefly) and is at a safe point for
 * memory growth meanwhile; running a task leaves the safe point, like any return to guest code. A thread waiting
 * inside a task may start only that task's descendants (OpenMP's task scheduling constraint); at a barrier it
 * may start any task of its team.
 */
final class TaskScheduler
{
    /** A thread runs a new task at once, as libomp does, when its deque already holds this many. */
    static final int DEQUE_THROTTLE = 256;

    private final OpenMpRuntime runtime;
    private final ConcurrentHashMap<Integer, Task> allocated = new ConcurrentHashMap<>();
    private final TaskBlockPool blocks = new TaskBlockPool();

    TaskScheduler(final OpenMpRuntime runtime)
    {
        this.runtime = runtime;
    }

    /**
     * @return the task the calling thread executes now: an explicit task, or its implicit task in its team.
     */
    static Task current(final OmpThread self)
    {
        final Task explicit = self.explicitTask;
        return explicit != null ? explicit : self.frame.implicitTask();
    }

    /**
     * @return guest memory for a task of {@code sizeBytes}: a finished task's block, or a new one (always a new one in
     *     fork mode, where a block one thread freed may still be free in another thread's copy of the heap).
     */
    int allocateBlock(final OmpThread self, final int sizeBytes)
    {
        final int recycled = self.memory == null ? blocks.take(sizeBytes) : 0;
        return recycled != 0 ? recycled :
            runtime.allocate(self, Tasking.TASK_ALIGNMENT, sizeBytes, "an OpenMP task");
    }

    private void releaseBlock(final OmpThread self, final Task task)
    {
        if (self.memory != null || !blocks.give(task.address, task.allocatedBytes))
        {
            runtime.release(self, task.address);
        }
    }

    void register(final Task task)
    {
        allocated.put(task.address, task);
    }

    /**
     * @param address a {@code kmp_task_t} address from the guest.
     * @return the task allocated there.
     */
    Task lookup(final int address)
    {
        final Task task = allocated.get(address);
        if (task == null)
        {
            throw new WasmRuntimeException("OpenMP task at address " + address +
                " was not allocated by __kmpc_omp_task_alloc (or has already completed)");
        }
        return task;
    }

    /**
     * Counts a task in its parent, task group and team. Dependences may be linked after this and before
     * {@link #start}.
     */
    void count(final Task task)
    {
        task.parent.children.incrementAndGet();
        final TaskGroup group = task.taskgroup;
        task.countedIn = group;
        if (group != null)
        {
            group.pending.incrementAndGet();
        }
        task.team.pendingTasks.incrementAndGet();
    }

    /**
     * Defers a counted task, or runs it now when it must or should be included: a final task, a one-thread team,
     * a full deque, {@code deferrable} false ({@code if(0)}, taskloop {@code if(0)}), or a forked team (in fork mode
     * each thread writes its own copy of memory until the next barrier, so a task runs on the thread that made it).
     */
    void start(final OmpThread self, final Task task, final boolean deferrable)
    {
        final Team team = task.team;
        final boolean included = !deferrable || team.size() == 1 || task.isFinal || team.fork != null ||
            self.frame.team != team || team.deques()[self.frame.threadNum].size() >= DEQUE_THROTTLE;
        if (included)
        {
            if (task.predecessors.get() > 1)
            {
                waitUntil(self, () -> task.predecessors.get() == 1, current(self));
            }
            execute(self, task);
        }
        else if (task.predecessors.decrementAndGet() == 0)
        {
            push(self, task);
        }
    }

    /**
     * Runs a task on the calling thread and completes it.
     */
    void execute(final OmpThread self, final Task task)
    {
        final Task previous = self.explicitTask;
        self.explicitTask = task;
        task.running = true;
        try
        {
            do
            {
                task.resumeRequested = false;
                final int routine = self.guest.memory().readInt(task.address + Tasking.TASK_ROUTINE_OFFSET);
                self.guest.callFunctionPointer(routine, self.gtid, task.address);
            }
            while (task.resumeRequested);
            destroyPrivates(self, task);
        }
        finally
        {
            task.running = false;
            self.explicitTask = previous;
        }
        complete(self, task);
    }

    /**
     * Runs the compiler's destructor thunk for the task's private copies (C++ firstprivate objects), if any.
     */
    static void destroyPrivates(final OmpThread self, final Task task)
    {
        if ((task.flags & Task.FLAG_DESTRUCTORS) != 0)
        {
            final int destructors = self.guest.memory().readInt(task.address + Tasking.TASK_DATA1_OFFSET);
            if (destructors != 0)
            {
                self.guest.callFunctionPointer(destructors, self.gtid, task.address);
            }
        }
    }

    /**
     * Frees a finished task and releases what waited for it: successors, {@code taskwait}, the task group, the
     * team's barrier.
     */
    void complete(final OmpThread self, final Task task)
    {
        allocated.remove(task.address, task);
        releaseBlock(self, task);
        final List<Task> released = task.markComplete();
        if (released != null)
        {
            for (final Task successor : released)
            {
                if (successor.predecessors.decrementAndGet() == 0)
                {
                    push(self, successor);
                }
            }
        }
        if (task.countedIn != null)
        {
            task.countedIn.pending.decrementAndGet();
        }
        task.parent.children.decrementAndGet();
        task.team.pendingTasks.decrementAndGet();
        task.team.wakeAll();
    }

    /**
     * Frees an allocated task that never runs (a taskloop's pattern, an empty taskloop).
     */
    void discard(final OmpThread self, final Task task)
    {
        allocated.remove(task.address, task);
        releaseBlock(self, task);
    }

    private void push(final OmpThread self, final Task task)
    {
        final Team team = task.team;
        final int index = self.frame.team == team ? self.frame.threadNum : 0;
        team.deques()[index].push(task);
        team.wakeAll();
    }

    /**
     * Runs one ready task if there is one the calling thread may run ({@code taskyield}).
     *
     * @return whether it ran one.
     */
    boolean runOne(final OmpThread self, final Task suspended)
    {
        final Task task = find(self, suspended);
        if (task == null)
        {
            return false;
        }
        execute(self, task);
        return true;
    }

    private Task find(final OmpThread self, final Task suspended)
    {
        final Team team = self.frame.team;
        final TaskDeque[] deques = team.dequesIfAny();
        if (deques == null)
        {
            return null;
        }
        final int own = self.frame.threadNum;
        final Task mine = deques[own].take(suspended, false);
        if (mine != null)
        {
            return mine;
        }
        final int count = deques.length;
        for (int k = 1; k < count; k++)
        {
            final Task stolen = deques[(own + k) % count].take(suspended, true);
            if (stolen != null)
            {
                return stolen;
            }
        }
        return null;
    }

    /**
     * Waits until {@code done} holds, running the team's ready tasks meanwhile.
     *
     * @param self      the waiting thread.
     * @param done      the condition, evaluated at a safe point (it must not touch guest memory).
     * @param suspended the task that waits, which constrains what may run; {@code null} at a barrier.
     */
    void waitUntil(final OmpThread self, final BooleanSupplier done, final Task suspended)
    {
        if (done.getAsBoolean())
        {
            return;
        }
        final Team team = self.frame.team;
        final Safepoints safepoints = runtime.safepoints();
        safepoints.enterSafe(self);
        try
        {
            final int spinLimit = self.spinLimit;
            int idleRounds = 0;
            while (!done.getAsBoolean())
            {
                team.throwIfAborted();
                Waits.checkInterrupted();
                final Task task = find(self, suspended);
                if (task != null)
                {
                    executeFromSafepoint(self, task);
                    idleRounds = 0;
                    continue;
                }
                if (Waits.idle(spinLimit, idleRounds++))
                {
                    self.parked = true;
                    if (!done.getAsBoolean())
                    {
                        Waits.park(self);
                    }
                    self.parked = false;
                }
            }
            self.spinLimit = Waits.adapt(spinLimit, idleRounds, self.spinFloor);
        }
        finally
        {
            safepoints.leaveSafe(self);
        }
    }

    /**
     * Runs a task found while waiting at a safe point: the task runs guest code, so the thread leaves the safe point
     * for it (a memory grow waits meanwhile) and is back at it afterwards.
     */
    private void executeFromSafepoint(final OmpThread self, final Task task)
    {
        final Safepoints safepoints = runtime.safepoints();
        safepoints.leaveSafe(self);
        try
        {
            execute(self, task);
        }
        finally
        {
            safepoints.enterSafe(self);
        }
    }

    /**
     * A barrier's wait: until the barrier of {@code generation} completes, running the team's ready tasks
     * meanwhile. Without tasks it only reads the generation (no deque scans) and allocates nothing.
     *
     * @param self       the waiting thread, already counted as arrived.
     * @param team       its team.
     * @param generation the generation it arrived in.
     */
    void awaitBarrier(final OmpThread self, final Team team, final int generation)
    {
        final Safepoints safepoints = runtime.safepoints();
        safepoints.enterSafe(self);
        try
        {
            final int spinLimit = self.spinLimit;
            int idleRounds = 0;
            while (team.barrierGeneration() == generation && !team.tryReleaseBarrier(generation))
            {
                team.throwIfAborted();
                Waits.checkInterrupted();
                if (ForkBridge.helpMerge(team, self))
                {
                    idleRounds = 0;
                    continue;
                }
                if (team.dequesIfAny() != null)
                {
                    final Task task = find(self, null);
                    if (task != null)
                    {
                        executeFromSafepoint(self, task);
                        idleRounds = 0;
                        continue;
                    }
                }
                if (Waits.idle(spinLimit, idleRounds++))
                {
                    self.parked = true;
                    if (team.barrierGeneration() == generation)
                    {
                        Waits.park(self);
                    }
                    self.parked = false;
                }
            }
            self.spinLimit = Waits.adapt(spinLimit, idleRounds, self.spinFloor);
        }
        finally
        {
            safepoints.leaveSafe(self);
        }
    }
}
