package io.wabric.openmp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependenceMapTest
{
    private static final int X = 1000;
    private static final int Y = 2000;
    private static final int IN = DependenceMap.DEP_IN;
    private static final int OUT = 0x3;

    private final Task parent = Task.implicit(new Team(null, new OmpThread[1]));
    private final DependenceMap map = new DependenceMap();
    private int nextAddress = 16;

    private Task child()
    {
        return Task.explicit(nextAddress += 16, parent, Task.FLAG_TIED, 64, 64, 0);
    }

    private static int waitsFor(final Task task)
    {
        return task.predecessors.get() - 1;
    }

    @Test
    void shouldOrderReadersAfterTheWriterAndTheNextWriterAfterTheReaders()
    {
        final Task writer = child();
        map.add(writer, X, OUT);
        final Task reader1 = child();
        map.add(reader1, X, IN);
        final Task reader2 = child();
        map.add(reader2, X, IN);
        final Task writer2 = child();
        map.add(writer2, X, OUT);

        assertEquals(0, waitsFor(writer));
        assertEquals(1, waitsFor(reader1));
        assertEquals(1, waitsFor(reader2));
        assertEquals(3, waitsFor(writer2), "the earlier writer and both readers");
    }

    @Test
    void shouldNotWaitForASiblingCreatedLaterWhenReadingFirst()
    {
        final Task reader = child();
        map.add(reader, X, IN);
        final Task writer = child();
        map.add(writer, X, OUT);

        assertEquals(0, waitsFor(reader));
        assertEquals(1, waitsFor(writer));
    }

    @Test
    void shouldKeepDifferentAddressesIndependent()
    {
        final Task first = child();
        map.add(first, X, OUT);
        final Task second = child();
        map.add(second, Y, OUT);

        assertEquals(0, waitsFor(second));
    }

    @Test
    void shouldNotWaitForAPredecessorThatHasCompleted()
    {
        final Task writer = child();
        map.add(writer, X, OUT);
        assertEquals(null, writer.markComplete());
        final Task reader = child();
        map.add(reader, X, IN);

        assertEquals(0, waitsFor(reader));
    }

    @Test
    void shouldReleaseSuccessorsWhenAPredecessorCompletes()
    {
        final Task writer = child();
        map.add(writer, X, OUT);
        final Task reader = child();
        map.add(reader, X, IN);

        final List<Task> released = writer.markComplete();
        assertEquals(List.of(reader), released);
    }

    @Test
    void shouldOrderEverythingAroundOmpAllMemory()
    {
        final Task onX = child();
        map.add(onX, X, OUT);
        final Task onY = child();
        map.add(onY, Y, IN);
        final Task all = child();
        map.add(all, 0, DependenceMap.DEP_ALL_MEMORY | OUT);
        final Task after = child();
        map.add(after, Y, IN);

        assertEquals(2, waitsFor(all));
        assertEquals(1, waitsFor(after));
        final List<Task> earlier = new ArrayList<>();
        map.conflicts(X, IN, earlier);
        assertTrue(earlier.contains(all));
    }
}
