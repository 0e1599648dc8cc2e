package io.wabric.openmp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code taskgroup} region: counts the tasks created in it and in their descendants (they inherit the group),
 * so that its end can wait for all of them, then finishes its task reductions.
 */
final class TaskGroup
{
    final TaskGroup parent;
    final AtomicInteger pending = new AtomicInteger();
    /** The reduction registered by {@code __kmpc_taskred_init} in this group, or {@code null}. */
    TaskReduction.View reduction;

    TaskGroup(final TaskGroup parent)
    {
        this.parent = parent;
    }
}
