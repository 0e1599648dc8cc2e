package io.wabric.openmp;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The libomp task ABI, and threadprivate copies: task allocation and submission, {@code if(0)} tasks,
 * {@code taskwait}, {@code taskyield}, {@code taskgroup}, dependences, taskloops and task reductions. The
 * scheduling itself is {@link TaskScheduler}'s.
 *
 * <pre>
 *   kmp_task_t (wasm32, 20 bytes, then the compiler's privates; shareds follow at an 8-byte boundary)
 *   +0  void *shareds   +4  routine(gtid, task)   +8  part_id   +12 data1 (destructors)   +16 data2 (priority)
 *   a taskloop's task adds, at offsets clang passes as pointers: lb (u64), ub (u64), st, liter, reductions
 * </pre>
 */
final class Tasking
{
    static final int TASK_SHAREDS_OFFSET = 0;
    static final int TASK_ROUTINE_OFFSET = 4;
    static final int TASK_DATA1_OFFSET = 12;
    static final int TASK_ALIGNMENT = 16;
    static final int TASK_MIN_BYTES = 20;
    /** libomp's default when a taskloop has neither grainsize nor num_tasks: ten tasks per team thread. */
    static final int TASKLOOP_TASKS_PER_THREAD = 10;
    private static final int SCHED_GRAINSIZE = 1;
    private static final int SCHED_NUM_TASKS = 2;

    private final OpenMpRuntime runtime;
    private final TaskScheduler scheduler;
    private final ConcurrentHashMap<Long, Integer> threadprivateCopies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, byte[]> threadprivateImages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, TaskReduction.View> reductions = new ConcurrentHashMap<>();
    private final AtomicInteger nextReductionHandle = new AtomicInteger(1);

    Tasking(final OpenMpRuntime runtime)
    {
        this.runtime = runtime;
        this.scheduler = runtime.scheduler();
    }

    /**
     * {@code __kmpc_omp_task_alloc(loc, gtid, flags, sizeof_kmp_task_t, sizeof_shareds, task_entry)}.
     *
     * @return the task's address in guest memory.
     */
    int allocate(final OmpThread self, final int flags, final int taskBytes, final int sharedsBytes, final int entry)
    {
        final int sharedsOffset = (taskBytes + 7) & ~7;
        final int total = Math.max(sharedsOffset + Math.max(0, sharedsBytes), TASK_MIN_BYTES);
        final int task = scheduler.allocateBlock(self, total);
        final Memory memory = self.guest.memory();
        memory.fill((byte)0, task, task + total);
        memory.writeI32(task + TASK_SHAREDS_OFFSET, sharedsBytes > 0 ? task + sharedsOffset : 0);
        memory.writeI32(task + TASK_ROUTINE_OFFSET, entry);
        scheduler.register(Task.explicit(task, TaskScheduler.current(self), flags, total, sharedsOffset,
            Math.max(0, sharedsBytes)));
        return task;
    }

    /**
     * {@code __kmpc_omp_task} and {@code __kmpc_omp_task_with_deps}: defers the task (or runs it at once when it
     * must be included). An untied task that re-enqueues itself continues on this thread when it returns.
     */
    void submit(final OmpThread self, final int address, final int depCount, final int deps,
        final int noaliasCount, final int noaliasDeps)
    {
        final Task task = scheduler.lookup(address);
        if (task.running)
        {
            task.resumeRequested = true;
            return;
        }
        scheduler.count(task);
        if (depCount > 0 || noaliasCount > 0)
        {
            final Task parent = task.parent;
            if (parent.dependences == null)
            {
                parent.dependences = new DependenceMap();
            }
            final Memory memory = self.guest.memory();
            addDependences(memory, parent.dependences, task, depCount, deps);
            addDependences(memory, parent.dependences, task, noaliasCount, noaliasDeps);
        }
        scheduler.start(self, task, true);
    }

    private static void addDependences(final Memory memory, final DependenceMap map, final Task task,
        final int count, final int list)
    {
        for (int i = 0; i < count; i++)
        {
            final int at = list + i * DependenceMap.DEPEND_INFO_BYTES;
            map.add(task, memory.readInt(at), memory.read(at + DependenceMap.DEPEND_FLAGS_OFFSET) & 0xFF);
        }
    }

    /**
     * {@code __kmpc_omp_wait_deps} and {@code __kmpc_omp_taskwait_deps_51}: waits (running tasks) for the
     * earlier sibling tasks that the listed dependences conflict with.
     */
    void waitDependences(final OmpThread self, final int depCount, final int deps, final int noaliasCount,
        final int noaliasDeps)
    {
        final Task current = TaskScheduler.current(self);
        if (current.dependences == null)
        {
            return;
        }
        final Memory memory = self.guest.memory();
        final List<Task> earlier = new ArrayList<>();
        collect(memory, current.dependences, depCount, deps, earlier);
        collect(memory, current.dependences, noaliasCount, noaliasDeps, earlier);
        scheduler.waitUntil(self, () ->
        {
            for (final Task task : earlier)
            {
                if (!task.isComplete())
                {
                    return false;
                }
            }
            return true;
        }, current);
    }

    private static void collect(final Memory memory, final DependenceMap map, final int count, final int list,
        final List<Task> into)
    {
        for (int i = 0; i < count; i++)
        {
            final int at = list + i * DependenceMap.DEPEND_INFO_BYTES;
            map.conflicts(memory.readInt(at), memory.read(at + DependenceMap.DEPEND_FLAGS_OFFSET) & 0xFF, into);
        }
    }

    /**
     * {@code __kmpc_omp_task_begin_if0}: the compiler runs the task inline; it becomes the current task.
     */
    void beginIf0(final OmpThread self, final int address)
    {
        final Task task = scheduler.lookup(address);
        task.enclosing = self.explicitTask;
        task.running = true;
        self.explicitTask = task;
    }

    /**
     * {@code __kmpc_omp_task_complete_if0}: the inline task has finished (or, untied, has re-enqueued itself and
     * is continued here); free it.
     */
    void completeIf0(final OmpThread self, final int address)
    {
        final Task task = scheduler.lookup(address);
        while (task.resumeRequested)
        {
            // an untied if(0) task re-enqueued itself at its first scheduling point: continue it here
            task.resumeRequested = false;
            final int routine = self.guest.memory().readInt(address + TASK_ROUTINE_OFFSET);
            self.guest.callFunctionPointer(routine, self.gtid, address);
        }
        TaskScheduler.destroyPrivates(self, task);
        task.running = false;
        self.explicitTask = task.enclosing;
        task.markComplete();
        scheduler.discard(self, task);
    }

    /**
     * {@code __kmpc_omp_taskwait}: waits for the current task's children, running tasks meanwhile.
     */
    void taskwait(final OmpThread self)
    {
        final Task current = TaskScheduler.current(self);
        scheduler.waitUntil(self, () -> current.children.get() == 0, current);
        if (current.dependences != null)
        {
            current.dependences.clear();
        }
    }

    /**
     * {@code __kmpc_omp_taskyield}: runs one ready task the thread may run, if any.
     */
    void taskyield(final OmpThread self)
    {
        scheduler.runOne(self, TaskScheduler.current(self));
    }

    /**
     * {@code __kmpc_taskgroup}.
     */
    void beginTaskgroup(final OmpThread self)
    {
        final Task current = TaskScheduler.current(self);
        current.taskgroup = new TaskGroup(current.taskgroup);
    }

    /**
     * {@code __kmpc_end_taskgroup}: waits for every task created in the group and their descendants, then
     * combines the group's task reductions.
     */
    void endTaskgroup(final OmpThread self)
    {
        final TaskGroup group = awaitTaskgroup(self);
        final TaskReduction.View view = group.reduction;
        if (view != null && !view.modifier)
        {
            view.reduction.finish(runtime, self, view);
            reductions.remove(view.handle);
        }
    }

    private TaskGroup awaitTaskgroup(final OmpThread self)
    {
        final Task current = TaskScheduler.current(self);
        final TaskGroup group = current.taskgroup;
        if (group == null)
        {
            throw new WasmRuntimeException("__kmpc_end_taskgroup without a matching __kmpc_taskgroup in OpenMP " +
                "thread " + self.frame.threadNum);
        }
        scheduler.waitUntil(self, () -> group.pending.get() == 0, current);
        current.taskgroup = group.parent;
        return group;
    }

    /**
     * {@code __kmpc_taskloop[_5](loc, gtid, task, if, lb*, ub*, st, nogroup, sched, grainsize, [modifier,]
     * task_dup)}: splits the pattern task's range into chunks as libomp does (grainsize, num_tasks, or ten per
     * thread), each a copy of the pattern made by {@code task_dup}, submitted as a real task; without
     * {@code nogroup} the loop is its own task group.
     */
    void taskloop(final OmpThread self, final int address, final int ifValue, final int lowerAddress,
        final int upperAddress, final long step, final int nogroup, final int sched, final long grainsize,
        final boolean strict, final int taskDup)
    {
        final Task pattern = scheduler.lookup(address);
        final Memory memory = self.guest.memory();
        final long lower = memory.readLong(lowerAddress);
        final long upper = memory.readLong(upperAddress);
        final long trips = tripCount(lower, upper, step);
        if (nogroup == 0)
        {
            beginTaskgroup(self);
        }
        if (trips > 0)
        {
            final long[] plan = plan(self, trips, sched, grainsize, strict);
            final long taskCount = plan[0];
            long size = plan[1];
            long extras = plan[2];
            long chunkLower = lower;
            for (long i = 0; i < taskCount; i++)
            {
                final boolean last = i == taskCount - 1;
                final long iterations = extras > 0 ? size + 1 : size;
                extras--;
                final long chunkUpper = last ? lower + (trips - 1) * step : chunkLower + (iterations - 1) * step;
                final int copy = scheduler.allocateBlock(self, pattern.allocatedBytes);
                memory.copy(copy, address, pattern.allocatedBytes);
                if (pattern.sharedsBytes > 0)
                {
                    memory.writeI32(copy + TASK_SHAREDS_OFFSET, copy + pattern.sharedsOffset);
                }
                memory.writeLong(copy + (lowerAddress - address), chunkLower);
                memory.writeLong(copy + (upperAddress - address), chunkUpper);
                if (taskDup != 0)
                {
                    self.guest.callFunctionPointer(taskDup, copy, address, last ? 1 : 0);
                }
                final Task chunk = pattern.chunk(copy);
                scheduler.register(chunk);
                scheduler.count(chunk);
                scheduler.start(self, chunk, ifValue != 0);
                chunkLower = chunkUpper + step;
            }
        }
        TaskScheduler.destroyPrivates(self, pattern);
        scheduler.discard(self, pattern);
        if (nogroup == 0)
        {
            endTaskgroup(self);
        }
    }

    private static long tripCount(final long lower, final long upper, final long step)
    {
        if (step > 0)
        {
            return upper < lower ? 0 : Long.divideUnsigned(upper - lower, step) + 1;
        }
        if (step < 0)
        {
            return lower < upper ? 0 : Long.divideUnsigned(lower - upper, -step) + 1;
        }
        return 1;
    }

    /**
     * @return {task count, iterations per task, how many of the first tasks take one more}, as libomp plans.
     */
    private static long[] plan(final OmpThread self, final long trips, final int sched, final long grainsize,
        final boolean strict)
    {
        if (sched == SCHED_GRAINSIZE)
        {
            final long grain = Math.max(1, grainsize);
            if (grain >= trips)
            {
                return new long[] {1, trips, 0};
            }
            if (strict)
            {
                return new long[] {(trips + grain - 1) / grain, grain, 0};
            }
            final long tasks = trips / grain;
            return new long[] {tasks, trips / tasks, trips % tasks};
        }
        final long wanted = sched == SCHED_NUM_TASKS ? Math.max(1, grainsize) :
            (long)self.frame.team.size() * TASKLOOP_TASKS_PER_THREAD;
        if (wanted >= trips)
        {
            return new long[] {trips, 1, 0};
        }
        return new long[] {wanted, trips / wanted, trips % wanted};
    }

    /**
     * {@code __kmpc_taskred_init(gtid, num, data)} and the older {@code __kmpc_task_reduction_init}: registers
     * the current task group's reduction items.
     *
     * @return the handle tasks pass to {@code __kmpc_task_reduction_get_th_data}.
     */
    int reductionInit(final OmpThread self, final int count, final int data, final boolean legacy)
    {
        final Task current = TaskScheduler.current(self);
        final TaskGroup group = current.taskgroup;
        if (group == null)
        {
            throw new WasmRuntimeException("task reduction initialised outside a taskgroup in OpenMP thread " +
                self.frame.threadNum);
        }
        final TaskReduction.View view = TaskReduction.read(self.guest.memory(), count, data, legacy, group);
        return publish(group, view);
    }

    private int publish(final TaskGroup group, final TaskReduction.View view)
    {
        final int handle = nextReductionHandle.getAndIncrement();
        view.handle = handle;
        group.reduction = view;
        reductions.put(handle, view);
        return handle;
    }

    /**
     * {@code __kmpc_taskred_modifier_init(loc, gtid, is_ws, num, data)}: the {@code task} reduction modifier on
     * a parallel or worksharing construct. Every thread opens a task group; the first makes the private copies,
     * which the team's threads share, each combining into its own shared item.
     */
    int reductionModifierInit(final OmpThread self, final int worksharing, final int count, final int data,
        final boolean legacy)
    {
        beginTaskgroup(self);
        final TaskGroup group = TaskScheduler.current(self).taskgroup;
        final Memory memory = self.guest.memory();
        final Team team = self.frame.team;
        final AtomicReference<Object> slot = team.reductionModifier(worksharing);
        final TaskReduction.View view;
        if (slot.compareAndSet(null, self))
        {
            view = TaskReduction.read(memory, count, data, legacy, group);
            slot.set(view);
        }
        else
        {
            Waits.await(self, team, runtime, () -> slot.get() instanceof TaskReduction.View);
            view = TaskReduction.share((TaskReduction.View)slot.get(), memory, count, data, legacy, group);
        }
        view.modifier = true;
        return publish(group, view);
    }

    /**
     * {@code __kmpc_task_reduction_modifier_fini(loc, gtid, is_ws)}: ends the thread's task group; the last
     * thread of the team to get here combines every private copy into its own shared item.
     */
    void reductionModifierFini(final OmpThread self, final int worksharing)
    {
        final TaskGroup group = awaitTaskgroup(self);
        final TaskReduction.View view = group.reduction;
        if (view == null)
        {
            return;
        }
        reductions.remove(view.handle);
        final Team team = self.frame.team;
        final AtomicInteger finished = team.reductionModifierFinished(worksharing);
        // in fork mode the private copies a thread's tasks updated live in its own memory: each publishes them
        // before it counts itself finished, and the last one pulls them all in before it combines them (without
        // this, a thread whose last publication came after the combiner's last pull was read stale)
        ForkBridge.release(self);
        if (finished.incrementAndGet() == team.size())
        {
            ForkBridge.acquire(self);
            view.reduction.finish(runtime, self, view);
            finished.set(0);
            team.reductionModifier(worksharing).set(null);
        }
    }

    /**
     * {@code __kmpc_task_reduction_get_th_data(gtid, tskgrp, data)}.
     *
     * @return the calling thread's private copy of the reduction item {@code data} (a shared item's or a
     * private copy's address), searching the given group and then the enclosing ones.
     */
    int reductionData(final OmpThread self, final int handle, final int data)
    {
        final TaskReduction.View given = handle == 0 ? null : reductions.get(handle);
        TaskGroup group = given != null ? given.group : TaskScheduler.current(self).taskgroup;
        if (given != null)
        {
            final int index = given.indexOf(data);
            if (index >= 0)
            {
                return given.reduction.privateCopy(runtime, self, given, index);
            }
            group = group.parent;
        }
        for (; group != null; group = group.parent)
        {
            final TaskReduction.View view = group.reduction;
            if (view != null)
            {
                final int index = view.indexOf(data);
                if (index >= 0)
                {
                    return view.reduction.privateCopy(runtime, self, view, index);
                }
            }
        }
        throw new WasmRuntimeException("in_reduction item at address " + data + " belongs to no enclosing " +
            "task_reduction or taskgroup reduction (OpenMP thread " + self.frame.threadNum + ")");
    }

    /**
     * @return whether the calling thread runs a final task ({@code omp_in_final}).
     */
    static boolean inFinal(final OmpThread self)
    {
        return TaskScheduler.current(self).isFinal;
    }

    /**
     * {@code __kmpc_threadprivate_cached(loc, gtid, data, size, cache)}: the initial thread uses the original;
     * every other thread gets its own copy, made on first use from the original's contents at the first call.
     *
     * @return the calling thread's copy.
     */
    int threadprivate(final OmpThread self, final int data, final int size)
    {
        final Memory memory = self.guest.memory();
        final byte[] image = threadprivateImages.computeIfAbsent(data, key -> memory.readBytes(data, size));
        if (self.gtid == 0)
        {
            return data;
        }
        final long key = ((long)self.gtid << 32) | Integer.toUnsignedLong(data);
        final Integer known = threadprivateCopies.get(key);
        if (known != null)
        {
            return known;
        }
        final int copy = runtime.allocate(self, TASK_ALIGNMENT, Math.max(1, size), "a threadprivate copy");
        memory.write(copy, image, 0, size);
        threadprivateCopies.put(key, copy);
        return copy;
    }
}
