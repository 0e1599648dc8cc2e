package io.wabric.openmp.schedule;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code __kmpc_dispatch_init_*} loop shared by a team: hands out chunks of the iteration space
 * {@code [0, trip)} to threads, and keeps the turn for {@code ordered} iterations.
 *
 * <p>Thread-safe: dynamic and guided chunks come from one atomic counter; static chunks are computed from the
 * thread number and a per-thread {@link Cursor}, so they need no shared state.
 */
public final class DispatchLoop
{
    private final ScheduleKind kind;
    private final long lower;
    private final long increment;
    private final long trip;
    private final long chunk;
    private final int teamSize;
    private final boolean ordered;
    private final AtomicLong nextIteration = new AtomicLong();
    private final AtomicInteger finishedThreads = new AtomicInteger();
    private volatile long orderedTurn;

    /**
     * Per thread: where the thread is in this loop.
     */
    public static final class Cursor
    {
        /** Chunks this thread has taken (static kinds). */
        long chunksTaken;
        /** First iteration index of the current chunk. */
        public long chunkStart;
        /** Last iteration index of the current chunk, inclusive. */
        public long chunkEnd;
        /** The iteration index an ordered region or dispatch_fini refers to. */
        public long orderedIteration;

        /**
         * Starts the cursor on a new loop.
         */
        public void reset()
        {
            chunksTaken = 0;
            chunkStart = 0;
            chunkEnd = -1;
            orderedIteration = 0;
        }
    }

    /**
     * @param index     the loop variable's type.
     * @param kind      the resolved schedule.
     * @param ordered   whether the loop has ordered iterations.
     * @param lower     first value.
     * @param upper     last value, inclusive.
     * @param increment step.
     * @param chunk     chunk size, 0 or less for the default.
     * @param teamSize  threads sharing the loop.
     */
    public DispatchLoop(
        final LoopIndex index,
        final ScheduleKind kind,
        final boolean ordered,
        final long lower,
        final long upper,
        final long increment,
        final long chunk,
        final int teamSize)
    {
        this.kind = kind;
        this.ordered = ordered;
        this.lower = lower;
        this.increment = increment == 0 ? 1 : increment;
        this.trip = index.tripCount(lower, upper, this.increment);
        this.chunk = Math.max(1, chunk);
        this.teamSize = teamSize;
    }

    /**
     * Takes the calling thread's next chunk.
     *
     * @param cursor    the thread's cursor for this loop.
     * @param threadNum the thread's number.
     * @return true with the chunk in {@code cursor}, false when the loop is finished for this thread.
     */
    public boolean next(final Cursor cursor, final int threadNum)
    {
        long start;
        long end;
        switch (kind)
        {
            case STATIC:
            {
                if (cursor.chunksTaken++ > 0)
                {
                    return finish();
                }
                final long small = trip / teamSize;
                final long extras = trip % teamSize;
                start = threadNum * small + Math.min(threadNum, extras);
                end = start + small - (threadNum < extras ? 0 : 1);
                if (end < start)
                {
                    return finish();
                }
                break;
            }
            case STATIC_CHUNKED:
            {
                final long chunkIndex = threadNum + cursor.chunksTaken++ * teamSize;
                start = chunkIndex * chunk;
                if (start >= trip || start < 0)
                {
                    return finish();
                }
                end = Math.min(start + chunk, trip) - 1;
                break;
            }
            case DYNAMIC:
            {
                start = nextIteration.getAndAdd(chunk);
                if (start >= trip || start < 0)
                {
                    return finish();
                }
                end = Math.min(start + chunk, trip) - 1;
                break;
            }
            case GUIDED:
            default:
            {
                long size;
                do
                {
                    start = nextIteration.get();
                    if (start >= trip)
                    {
                        return finish();
                    }
                    final long remaining = trip - start;
                    size = Math.max(chunk, (remaining + 2L * teamSize - 1) / (2L * teamSize));
                    size = Math.min(size, remaining);
                }
                while (!nextIteration.compareAndSet(start, start + size));
                end = start + size - 1;
                break;
            }
        }
        cursor.chunkStart = start;
        cursor.chunkEnd = end;
        cursor.orderedIteration = start;
        return true;
    }

    private boolean finish()
    {
        finishedThreads.incrementAndGet();
        return false;
    }

    /**
     * @return true once every thread of the team has been told the loop is finished.
     */
    public boolean allFinished()
    {
        return finishedThreads.get() >= teamSize;
    }

    /**
     * @param iteration an iteration index.
     * @return the loop variable's value at it.
     */
    public long valueAt(final long iteration)
    {
        return lower + iteration * increment;
    }

    /**
     * @return the step.
     */
    public long increment()
    {
        return increment;
    }

    /**
     * @param iteration an iteration index.
     * @return true when it is the loop's last.
     */
    public boolean isLast(final long iteration)
    {
        return iteration == trip - 1;
    }

    /**
     * @return whether the loop has ordered iterations.
     */
    public boolean ordered()
    {
        return ordered;
    }

    /**
     * @param iteration an iteration index.
     * @return true when every earlier iteration has left its ordered part.
     */
    public boolean isOrderedTurn(final long iteration)
    {
        return orderedTurn == iteration;
    }

    /**
     * Passes the ordered turn to the next iteration; call only when it is {@code iteration}'s turn.
     *
     * @param iteration the iteration that has finished.
     */
    public void passOrderedTurn(final long iteration)
    {
        orderedTurn = iteration + 1;
    }
}
