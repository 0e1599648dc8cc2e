package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import io.wabric.core.memory.MemoryGrowthGuard;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Stop-the-world memory growth for threads sharing one {@link io.wabric.core.memory.FlatMemory}.
 *
 * <p>A grow replaces the memory's array; a thread running guest code meanwhile could store into the old one and
 * lose the store. So the growing thread raises {@code stopping} and waits until every other guest thread is at a
 * safe point: blocked in the host (a barrier, a lock, the libc lock, an idle pool worker), never inside guest
 * code. Threads leaving a safe point while {@code stopping} is raised wait for the grow to finish. The flags are
 * volatile on both sides (a Dekker pair), so a thread is either seen as unsafe or sees {@code stopping}.
 *
 * <p>The cost is paid only by grows while a team runs; a thread that spins in guest code on a flag that only the
 * growing thread would set cannot reach a safe point, and that program deadlocks until {@code --timeout}.
 */
final class Safepoints implements MemoryGrowthGuard
{
    private final CopyOnWriteArrayList<OmpThread> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<OmpThread> current;
    private volatile boolean stopping;

    Safepoints(final ThreadLocal<OmpThread> current)
    {
        this.current = current;
    }

    void register(final OmpThread thread)
    {
        threads.add(thread);
    }

    void deregister(final OmpThread thread)
    {
        threads.remove(thread);
    }

    void enterSafe(final OmpThread thread)
    {
        thread.safe = true;
    }

    void leaveSafe(final OmpThread thread)
    {
        thread.safe = false;
        while (stopping)
        {
            thread.safe = true;
            while (stopping)
            {
                LockSupport.parkNanos(this, 20_000);
            }
            thread.safe = false;
        }
    }

    @Override
    public synchronized int guard(final IntSupplier grow)
    {
        final OmpThread self = current.get();
        stopping = true;
        try
        {
            for (final OmpThread thread : threads)
            {
                int rounds = 0;
                while (thread != self && !thread.safe && !thread.retired)
                {
                    if (Thread.currentThread().isInterrupted())
                    {
                        throw new ChicoryInterruptedException("interrupted while stopping OpenMP threads to grow memory");
                    }
                    if (rounds++ < Waits.SPIN_COUNT)
                    {
                        Thread.onSpinWait();
                    }
                    else
                    {
                        LockSupport.parkNanos(this, 20_000);
                    }
                }
            }
            return grow.getAsInt();
        }
        finally
        {
            stopping = false;
        }
    }
}
