package io.wabric.openmp;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One team thread's ready tasks: the owner pushes and takes at the head (newest first, which keeps a recursive
 * task tree depth-first and its data hot), other threads steal from the tail (oldest first, the biggest pieces of
 * work). A monitor guards it: uncontended locking costs about what a lock-free deque's fences do, and it lets
 * a thread bound by the task scheduling constraint take the first task it may run from the middle.
 */
final class TaskDeque
{
    private final ArrayDeque<Task> tasks = new ArrayDeque<>();
    private volatile int size;

    synchronized void push(final Task task)
    {
        tasks.addFirst(task);
        size = tasks.size();
    }

    int size()
    {
        return size;
    }

    /**
     * @param suspended the task the taker waits in (scheduling constraint), or {@code null}.
     * @param steal     take the oldest (a thief) rather than the newest (the owner).
     * @return a task the taker may run, removed, or {@code null}.
     */
    Task take(final Task suspended, final boolean steal)
    {
        if (size == 0)
        {
            return null;
        }
        synchronized (this)
        {
            final Iterator<Task> order = steal ? tasks.descendingIterator() : tasks.iterator();
            while (order.hasNext())
            {
                final Task task = order.next();
                if (task.mayRunUnder(suspended))
                {
                    order.remove();
                    size = tasks.size();
                    return task;
                }
            }
            return null;
        }
    }
}
