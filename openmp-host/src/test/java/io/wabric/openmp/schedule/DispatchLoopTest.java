package io.wabric.openmp.schedule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchLoopTest
{
    @ParameterizedTest
    @EnumSource(ScheduleKind.class)
    void shouldHandOutEveryIterationExactlyOnceAcrossThreads(final ScheduleKind kind) throws Exception
    {
        final int teamSize = 4;
        final int trip = 1001;
        final DispatchLoop loop = new DispatchLoop(LoopIndex.I32, kind, false, 10, 10 + 3L * (trip - 1), 3, 5,
            teamSize);
        final AtomicIntegerArray hits = new AtomicIntegerArray(trip);
        final Thread[] threads = new Thread[teamSize];
        for (int t = 0; t < teamSize; t++)
        {
            final int threadNum = t;
            threads[t] = new Thread(() ->
            {
                final DispatchLoop.Cursor cursor = new DispatchLoop.Cursor();
                cursor.reset();
                while (loop.next(cursor, threadNum))
                {
                    for (long i = cursor.chunkStart; i <= cursor.chunkEnd; i++)
                    {
                        assertEquals(10 + 3 * i, loop.valueAt(i));
                        hits.incrementAndGet((int)i);
                    }
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (int i = 0; i < trip; i++)
        {
            assertEquals(1, hits.get(i), kind + " iteration " + i);
        }
        assertTrue(loop.allFinished());
    }
}
