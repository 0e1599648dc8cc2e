package io.wabric.openmp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskDequeTest
{
    private final Task implicit = Task.implicit(new Team(null, new OmpThread[2]));
    private final TaskDeque deque = new TaskDeque();

    private Task childOf(final Task parent, final int address)
    {
        return Task.explicit(address, parent, Task.FLAG_TIED, 64, 64, 0);
    }

    @Test
    void shouldGiveTheOwnerTheNewestAndAThiefTheOldest()
    {
        final Task first = childOf(implicit, 16);
        final Task second = childOf(implicit, 32);
        final Task third = childOf(implicit, 48);
        deque.push(first);
        deque.push(second);
        deque.push(third);

        assertSame(third, deque.take(null, false));
        assertSame(first, deque.take(null, true));
        assertEquals(1, deque.size());
        assertSame(second, deque.take(null, false));
        assertNull(deque.take(null, true));
    }

    @Test
    void shouldSkipTasksThatDoNotDescendFromTheSuspendedTask()
    {
        final Task waiting = childOf(implicit, 16);
        final Task unrelated = childOf(implicit, 32);
        final Task grandchild = childOf(childOf(waiting, 48), 64);
        deque.push(grandchild);
        deque.push(unrelated);

        assertSame(grandchild, deque.take(waiting, false));
        assertNull(deque.take(waiting, true));
        assertSame(unrelated, deque.take(implicit, true));
    }

    @Test
    void shouldLetOnlyDescendantsRunUnderASuspendedTask()
    {
        final Task outer = childOf(implicit, 16);
        final Task inner = childOf(outer, 32);
        final Task grandchild = childOf(inner, 48);
        final Task sibling = childOf(implicit, 64);

        assertTrue(grandchild.mayRunUnder(outer));
        assertTrue(grandchild.mayRunUnder(implicit));
        assertTrue(sibling.mayRunUnder(null));
        assertFalse(sibling.mayRunUnder(outer));
        assertFalse(outer.mayRunUnder(inner));
    }

    @Test
    void shouldMakeEveryDescendantOfAFinalTaskFinal()
    {
        final Task parent = Task.explicit(16, implicit, Task.FLAG_TIED | Task.FLAG_FINAL, 64, 64, 0);
        final Task child = childOf(parent, 32);

        assertTrue(child.isFinal);
        assertFalse(childOf(implicit, 48).isFinal);
    }
}
