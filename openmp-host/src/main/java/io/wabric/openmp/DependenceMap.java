package io.wabric.openmp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The {@code depend} clauses of one task's children, keyed by address as libomp keys them: a sibling task waits
 * for the earlier siblings whose dependences conflict with its own (in after out, out after in or out). Only
 * earlier siblings count, so a task never waits for one created after it.
 *
 * <p>{@code mutexinoutset} and {@code inoutset} are ordered like {@code inout}: any order of the set is one the
 * program allows, so serialising it is correct, at the cost of the set's internal concurrency.
 * {@code omp_all_memory} conflicts with every earlier and later dependence.
 *
 * <p>Used only by the thread executing the parent task; not thread safe.
 *
 * <pre>
 *   kmp_depend_info (wasm32, 12 bytes): +0 base_addr  +4 len  +8 flags (u8: in 1, out/inout 3, mutexinoutset 4,
 *                                       inoutset 8, omp_all_memory 0x80)
 * </pre>
 */
final class DependenceMap
{
    static final int DEPEND_INFO_BYTES = 12;
    static final int DEPEND_FLAGS_OFFSET = 8;
    static final int DEP_IN = 0x1;
    static final int DEP_ALL_MEMORY = 0x80;
    private static final int READERS_PRUNE_AT = 64;

    private final HashMap<Integer, Entry> entries = new HashMap<>();
    private Task allMemory;

    private static final class Entry
    {
        Task lastWriter;
        final List<Task> readers = new ArrayList<>(4);
    }

    /**
     * Adds {@code task}'s dependence on {@code address} of kind {@code flags}, linking it after the conflicting
     * earlier siblings.
     */
    void add(final Task task, final int address, final int flags)
    {
        final List<Task> earlier = new ArrayList<>();
        conflicts(address, flags, earlier);
        for (final Task predecessor : earlier)
        {
            task.dependOn(predecessor);
        }
        if ((flags & DEP_ALL_MEMORY) != 0)
        {
            entries.clear();
            allMemory = task;
            return;
        }
        final Entry entry = entries.computeIfAbsent(address, key -> new Entry());
        if (flags == DEP_IN)
        {
            if (entry.readers.size() >= READERS_PRUNE_AT)
            {
                entry.readers.removeIf(Task::isComplete);
            }
            entry.readers.add(task);
        }
        else
        {
            entry.readers.clear();
            entry.lastWriter = task;
        }
    }

    /**
     * Collects the earlier siblings that a dependence on {@code address} of kind {@code flags} must wait for.
     */
    void conflicts(final int address, final int flags, final List<Task> into)
    {
        if (allMemory != null)
        {
            into.add(allMemory);
        }
        if ((flags & DEP_ALL_MEMORY) != 0)
        {
            for (final Entry entry : entries.values())
            {
                addAll(entry, into);
            }
            return;
        }
        final Entry entry = entries.get(address);
        if (entry == null)
        {
            return;
        }
        if (flags == DEP_IN)
        {
            if (entry.lastWriter != null)
            {
                into.add(entry.lastWriter);
            }
            return;
        }
        addAll(entry, into);
    }

    private static void addAll(final Entry entry, final List<Task> into)
    {
        if (entry.lastWriter != null)
        {
            into.add(entry.lastWriter);
        }
        into.addAll(entry.readers);
    }

    /**
     * Forgets every dependence: called when all children have completed (after a {@code taskwait}).
     */
    void clear()
    {
        entries.clear();
        allMemory = null;
    }
}
