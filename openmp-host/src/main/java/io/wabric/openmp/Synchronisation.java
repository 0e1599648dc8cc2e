package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion: named critical sections (keyed by the address of clang's {@code kmp_critical_name}), OpenMP
 * simple and nestable locks (the guest's {@code omp_lock_t} holds a host lock id), and the libc lock that the
 * {@code --wrap}ped allocator and stdio take.
 *
 * <p>Blocking acquisitions are safe points (see {@link Safepoints}). Simple locks and critical sections are
 * semaphores, not re-entrant locks: re-acquiring one in the same thread deadlocks, as OpenMP specifies.
 */
final class Synchronisation
{
    private final OpenMpRuntime runtime;
    private final ConcurrentHashMap<Integer, Semaphore> criticals = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Semaphore> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ReentrantLock> nestLocks = new ConcurrentHashMap<>();
    private final AtomicInteger nextLockId = new AtomicInteger(1);
    private final ReentrantLock libcLock = new ReentrantLock();

    Synchronisation(final OpenMpRuntime runtime)
    {
        this.runtime = runtime;
    }

    void critical(final OmpThread self, final int nameAddress)
    {
        acquire(self, criticals.computeIfAbsent(nameAddress, key -> new Semaphore(1)));
        ForkBridge.acquire(self);
    }

    void endCritical(final OmpThread self, final int nameAddress)
    {
        final Semaphore semaphore = criticals.get(nameAddress);
        if (semaphore != null)
        {
            ForkBridge.release(self);
            semaphore.release();
        }
    }

    void initLock(final Memory memory, final int lockAddress, final boolean nest)
    {
        final int id = nextLockId.getAndIncrement();
        if (nest)
        {
            nestLocks.put(id, new ReentrantLock());
        }
        else
        {
            locks.put(id, new Semaphore(1));
        }
        memory.writeI32(lockAddress, id);
    }

    void destroyLock(final Memory memory, final int lockAddress, final boolean nest)
    {
        final int id = memory.readInt(lockAddress);
        if (nest)
        {
            nestLocks.remove(id);
        }
        else
        {
            locks.remove(id);
        }
        memory.writeI32(lockAddress, 0);
    }

    void setLock(final OmpThread self, final int lockAddress)
    {
        acquire(self, lock(self, lockAddress));
        ForkBridge.acquire(self);
    }

    void unsetLock(final OmpThread self, final int lockAddress)
    {
        final Semaphore lock = lock(self, lockAddress);
        ForkBridge.release(self);
        lock.release();
    }

    int testLock(final OmpThread self, final int lockAddress)
    {
        if (lock(self, lockAddress).tryAcquire())
        {
            ForkBridge.acquire(self);
            return 1;
        }
        return 0;
    }

    void setNestLock(final OmpThread self, final int lockAddress)
    {
        final ReentrantLock lock = nestLock(self, lockAddress);
        lockSafely(self, lock);
        ForkBridge.acquire(self);
    }

    void unsetNestLock(final OmpThread self, final int lockAddress)
    {
        final ReentrantLock lock = nestLock(self, lockAddress);
        if (!lock.isHeldByCurrentThread())
        {
            throw new WasmRuntimeException("omp_unset_nest_lock on the lock at " + lockAddress +
                " which this thread does not hold");
        }
        ForkBridge.release(self);
        lock.unlock();
    }

    int testNestLock(final OmpThread self, final int lockAddress)
    {
        final ReentrantLock lock = nestLock(self, lockAddress);
        if (lock.tryLock())
        {
            ForkBridge.acquire(self);
            return lock.getHoldCount();
        }
        return 0;
    }

    void libcLock(final OmpThread self)
    {
        if (self == null)
        {
            libcLock.lock();
            return;
        }
        lockSafely(self, libcLock);
        if (libcLock.getHoldCount() == 1)
        {
            ForkBridge.acquire(self);
        }
    }

    void libcUnlock(final OmpThread self)
    {
        if (libcLock.isHeldByCurrentThread())
        {
            if (self != null && libcLock.getHoldCount() == 1)
            {
                ForkBridge.release(self);
            }
            libcLock.unlock();
        }
    }

    private Semaphore lock(final OmpThread self, final int lockAddress)
    {
        final int id = self.guest.memory().readInt(lockAddress);
        final Semaphore lock = locks.get(id);
        if (lock == null)
        {
            throw new WasmRuntimeException("OpenMP lock at address " + lockAddress + " (id " + id +
                ") is not initialised: call omp_init_lock first");
        }
        return lock;
    }

    private ReentrantLock nestLock(final OmpThread self, final int lockAddress)
    {
        final int id = self.guest.memory().readInt(lockAddress);
        final ReentrantLock lock = nestLocks.get(id);
        if (lock == null)
        {
            throw new WasmRuntimeException("OpenMP nest lock at address " + lockAddress + " (id " + id +
                ") is not initialised: call omp_init_nest_lock first");
        }
        return lock;
    }

    /**
     * Takes a semaphore (a critical section or simple lock) that another thread holds: first spins and yields as a
     * barrier wait does ({@link Waits#idle}, up to the thread's spin limit), trying it each round, and only then
     * blocks. Why: such sections are usually short, and a thread that blocks at once is woken 50-100 us after the
     * release on a busy machine; in fork mode a reduction combines under its lock while publishing a diff, and its
     * EPCC overhead was 90 us per region with a blocking wait.
     */
    private void acquire(final OmpThread self, final Semaphore semaphore)
    {
        if (semaphore.tryAcquire())
        {
            return;
        }
        runtime.safepoints().enterSafe(self);
        try
        {
            final int spinLimit = self.spinLimit;
            for (int rounds = 0; !semaphore.tryAcquire(); rounds++)
            {
                Waits.checkInterrupted();
                if (Waits.idle(spinLimit, rounds))
                {
                    semaphore.acquire();
                    return;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("OpenMP thread interrupted waiting for a lock");
        }
        finally
        {
            runtime.safepoints().leaveSafe(self);
        }
    }

    /**
     * Takes a re-entrant lock (a nestable lock, or the libc lock) another thread holds, spinning first as
     * {@link #acquire(OmpThread, Semaphore)} does.
     */
    private void lockSafely(final OmpThread self, final ReentrantLock lock)
    {
        if (lock.tryLock())
        {
            return;
        }
        runtime.safepoints().enterSafe(self);
        try
        {
            final int spinLimit = self.spinLimit;
            for (int rounds = 0; !lock.tryLock(); rounds++)
            {
                Waits.checkInterrupted();
                if (Waits.idle(spinLimit, rounds))
                {
                    lock.lockInterruptibly();
                    return;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("OpenMP thread interrupted waiting for a lock");
        }
        finally
        {
            runtime.safepoints().leaveSafe(self);
        }
    }
}
