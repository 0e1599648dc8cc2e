package io.wabric.openmp;

import com.dylibso.chicory.runtime.Memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task reduction items ({@code task_reduction}, {@code in_reduction}, taskloop {@code reduction}, and the
 * {@code task} reduction modifier): each thread that runs a participating task gets its own private copy of each
 * item, made on first use and initialised by the compiler's init routine; the end of the task group combines
 * every copy into the shared item with the compiler's combiner.
 *
 * <pre>
 *   kmp_taskred_input_t (wasm32, 28 bytes; __kmpc_taskred_init, __kmpc_taskred_modifier_init)
 *     +0 shared  +4 orig  +8 size  +12 init(priv, orig)  +16 fini(priv)  +20 comb(shared, priv)  +24 flags
 *   kmp_task_red_input_t (wasm32, 24 bytes; the older __kmpc_task_reduction_init)
 *     +0 shared  +4 size  +8 init(priv)  +12 fini(priv)  +16 comb(shared, priv)  +20 flags
 * </pre>
 *
 * <p>Private copies are keyed by guest thread id and written only by their owner thread, so creating one never
 * blocks another thread (a blocked thread would hold up a memory grow).
 */
final class TaskReduction
{
    static final int INPUT_BYTES = 28;
    static final int LEGACY_INPUT_BYTES = 24;

    final Item[] items;

    /** One reduction item: its size and routines, and the private copies by guest thread id. */
    static final class Item
    {
        final int sizeBytes;
        final int init;
        final int fini;
        final int comb;
        final boolean initTakesOrig;
        final Map<Integer, Integer> privates = new ConcurrentHashMap<>();

        Item(final int sizeBytes, final int init, final int fini, final int comb, final boolean initTakesOrig)
        {
            this.sizeBytes = sizeBytes;
            this.init = init;
            this.fini = fini;
            this.comb = comb;
            this.initTakesOrig = initTakesOrig;
        }
    }

    /**
     * One thread's (or task group's) view of a reduction: the shared items it combines into and the originals it
     * initialises from. With the {@code task} modifier, the team's threads share the private copies but each has
     * its own shared items (its copy of the parallel or worksharing reduction variable).
     */
    static final class View
    {
        final TaskReduction reduction;
        final int[] shared;
        final int[] originals;
        final TaskGroup group;
        /** The handle the guest holds, from {@link Tasking}. */
        int handle;
        /** Made by the {@code task} modifier: finished by the last thread, not at the end of the group. */
        boolean modifier;

        View(final TaskReduction reduction, final int[] shared, final int[] originals, final TaskGroup group)
        {
            this.reduction = reduction;
            this.shared = shared;
            this.originals = originals;
            this.group = group;
        }

        /**
         * @param data a shared item's address, or a private copy's.
         * @return the item's index, or -1.
         */
        int indexOf(final int data)
        {
            for (int i = 0; i < shared.length; i++)
            {
                if (shared[i] == data || reduction.items[i].privates.containsValue(data))
                {
                    return i;
                }
            }
            return -1;
        }
    }

    private TaskReduction(final Item[] items)
    {
        this.items = items;
    }

    /**
     * Reads {@code count} input descriptors at {@code data}.
     *
     * @param legacy the older 24-byte {@code kmp_task_red_input_t} layout.
     */
    static View read(final Memory memory, final int count, final int data, final boolean legacy, final TaskGroup group)
    {
        final Item[] items = new Item[count];
        final int[] shared = new int[count];
        final int[] originals = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (legacy)
            {
                final int at = data + i * LEGACY_INPUT_BYTES;
                shared[i] = memory.readInt(at);
                originals[i] = shared[i];
                items[i] = new Item(memory.readInt(at + 4), memory.readInt(at + 8), memory.readInt(at + 12),
                    memory.readInt(at + 16), false);
            }
            else
            {
                final int at = data + i * INPUT_BYTES;
                shared[i] = memory.readInt(at);
                final int orig = memory.readInt(at + 4);
                originals[i] = orig == 0 ? shared[i] : orig;
                items[i] = new Item(memory.readInt(at + 8), memory.readInt(at + 12), memory.readInt(at + 16),
                    memory.readInt(at + 20), true);
            }
        }
        return new View(new TaskReduction(items), shared, originals, group);
    }

    /**
     * Another thread's view of the same private copies, with its own shared items and originals (the
     * {@code task} modifier).
     */
    static View share(final View first, final Memory memory, final int count, final int data, final boolean legacy,
        final TaskGroup group)
    {
        final View own = read(memory, count, data, legacy, group);
        return new View(first.reduction, own.shared, own.originals, group);
    }

    /**
     * @return the calling thread's private copy of item {@code index}, made and initialised on first use.
     */
    int privateCopy(final OpenMpRuntime runtime, final OmpThread self, final View view, final int index)
    {
        final Item item = items[index];
        final Integer known = item.privates.get(self.gtid);
        if (known != null)
        {
            return known;
        }
        final int size = Math.max(1, item.sizeBytes);
        final int copy = runtime.allocate(self, Tasking.TASK_ALIGNMENT, size, "a task reduction copy");
        if (item.init == 0)
        {
            self.guest.memory().fill((byte)0, copy, copy + size);
        }
        else if (item.initTakesOrig)
        {
            self.guest.callFunctionPointer(item.init, copy, view.originals[index]);
        }
        else
        {
            self.guest.callFunctionPointer(item.init, copy);
        }
        item.privates.put(self.gtid, copy);
        return copy;
    }

    /**
     * Combines every private copy into {@code view}'s shared items, finalises and frees the copies.
     */
    void finish(final OpenMpRuntime runtime, final OmpThread self, final View view)
    {
        for (int i = 0; i < items.length; i++)
        {
            final Item item = items[i];
            for (final Integer copy : item.privates.values())
            {
                self.guest.callFunctionPointer(item.comb, view.shared[i], copy);
                if (item.fini != 0)
                {
                    self.guest.callFunctionPointer(item.fini, copy);
                }
                runtime.release(self, copy);
            }
            item.privates.clear();
        }
    }
}
