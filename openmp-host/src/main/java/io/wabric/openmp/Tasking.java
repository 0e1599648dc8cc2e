package io.wabric.openmp;

import com.dylibso.chicory.runtime.Memory;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Explicit tasks, and threadprivate copies.
 *
 * <p>Tasks run undeferred: {@code __kmpc_omp_task} executes the task on the encountering thread at once, which
 * OpenMP allows (any task may be executed immediately) and which satisfies every {@code depend} clause, since
 * tasks then complete in creation order. {@code taskwait} and {@code taskgroup} therefore have nothing left to
 * wait for, and a taskloop runs as one task over its whole range. Results are those of any conforming runtime;
 * what is lost is parallelism between tasks (a task-parallel program runs its tasks on the threads that create
 * them), and programs whose tasks wait for tasks created after them would deadlock.
 *
 * <pre>
 *   kmp_task_t (wasm32, 20 bytes, then the compiler's privates; shareds follow at an 8-byte boundary)
 *   +0  void *shareds   +4  routine(gtid, task)   +8  part_id   +12 data1   +16 data2
 * </pre>
 */
final class Tasking
{
    static final int TASK_SHAREDS_OFFSET = 0;
    static final int TASK_ROUTINE_OFFSET = 4;
    static final int TASK_ALIGNMENT = 16;

    private final OpenMpRuntime runtime;
    private final ConcurrentHashMap<Long, Integer> threadprivateCopies = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, byte[]> threadprivateImages = new ConcurrentHashMap<>();

    Tasking(final OpenMpRuntime runtime)
    {
        this.runtime = runtime;
    }

    /**
     * {@code __kmpc_omp_task_alloc(loc, gtid, flags, sizeof_kmp_task_t, sizeof_shareds, task_entry)}.
     *
     * @return the task's address in guest memory.
     */
    int allocate(final OmpThread self, final int taskBytes, final int sharedsBytes, final int entry)
    {
        final int sharedsOffset = (taskBytes + 7) & ~7;
        final int total = sharedsOffset + Math.max(0, sharedsBytes);
        final int task = runtime.allocate(self, TASK_ALIGNMENT, Math.max(total, 20), "an OpenMP task");
        final Memory memory = self.guest.memory();
        memory.fill((byte)0, task, task + Math.max(total, 20));
        memory.writeI32(task + TASK_SHAREDS_OFFSET, sharedsBytes > 0 ? task + sharedsOffset : 0);
        memory.writeI32(task + TASK_ROUTINE_OFFSET, entry);
        return task;
    }

    /**
     * {@code __kmpc_omp_task}: runs the task now and frees it.
     */
    void run(final OmpThread self, final int task)
    {
        final int routine = self.guest.memory().readInt(task + TASK_ROUTINE_OFFSET);
        self.guest.callFunctionPointer(routine, self.gtid, task);
        runtime.release(self, task);
    }

    /**
     * {@code __kmpc_omp_task_complete_if0}: the compiler ran the task itself; free it.
     */
    void completeIf0(final OmpThread self, final int task)
    {
        runtime.release(self, task);
    }

    /**
     * {@code __kmpc_taskloop(loc, gtid, task, if, lb*, ub*, st, nogroup, sched, grainsize, task_dup)}: the pattern
     * task already holds the whole range; it runs once as the last chunk.
     */
    void taskloop(final OmpThread self, final int task, final int taskDup)
    {
        if (taskDup != 0)
        {
            self.guest.callFunctionPointer(taskDup, task, task, 1);
        }
        run(self, task);
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
