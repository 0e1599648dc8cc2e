package io.wabric.openmp;

import io.wabric.openmp.schedule.DispatchLoop;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads that run one parallel region, and what they share: the barrier, the claims on {@code single}
 * constructs, the dispatch loops, {@code copyprivate} data, the join count and the first fault.
 */
final class Team
{
    private final OpenMpRuntime runtime;
    private final OmpThread[] members;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int barrierGeneration;
    private final AtomicLong nextSingle = new AtomicLong();
    private final ConcurrentHashMap<Long, DispatchLoop> loops = new ConcurrentHashMap<>();
    private final AtomicInteger workersDone = new AtomicInteger();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private volatile int copyprivateData;
    /** Explicit tasks created in this team and not yet complete; a barrier waits for none to remain. */
    final AtomicInteger pendingTasks = new AtomicInteger();
    private final AtomicInteger finishedMicrotasks = new AtomicInteger();
    private volatile TaskDeque[] deques;
    private final AtomicReference<Object> parallelReductionModifier = new AtomicReference<>();
    private final AtomicReference<Object> worksharingReductionModifier = new AtomicReference<>();
    private final AtomicInteger[] reductionModifierFinished = {new AtomicInteger(), new AtomicInteger()};

    /** Fork mode only: the region's snapshot and home memory; set before the workers start. */
    io.wabric.openmp.fork.ForkTeam fork;

    /**
     * The first fault in a team and the thread it happened in.
     *
     * @param threadNum the failing thread's number.
     * @param fault     what ended it.
     */
    record Failure(int threadNum, Throwable fault)
    {
    }

    /**
     * Thrown in a team's other threads when one thread has failed, to unwind them.
     */
    static final class Aborted extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Aborted()
        {
            super("OpenMP team aborted: another thread failed", null, false, false);
        }
    }

    Team(final OpenMpRuntime runtime, final OmpThread[] members)
    {
        this.runtime = runtime;
        this.members = members;
    }

    int size()
    {
        return members.length;
    }

    OmpThread member(final int threadNum)
    {
        return members[threadNum];
    }

    /**
     * Waits until every thread of the team has arrived and no task of the team remains, running tasks meanwhile.
     *
     * @param self the calling thread.
     */
    void barrier(final OmpThread self)
    {
        if (members.length == 1)
        {
            return;
        }
        ForkBridge.arrive(self);
        final int generation = barrierGeneration;
        arrived.incrementAndGet();
        runtime.scheduler().waitUntil(self, () -> barrierGeneration != generation || release(generation), null);
        ForkBridge.leave(self);
    }

    private boolean release(final int generation)
    {
        if (arrived.get() == members.length && pendingTasks.get() == 0 &&
            arrived.compareAndSet(members.length, 0))
        {
            ForkBridge.mergeArrived(this);
            barrierGeneration = generation + 1;
            wakeAll();
            return true;
        }
        return false;
    }

    /**
     * The end of a thread's microtask: once the team has created tasks, every thread stays to run them until all
     * threads have finished their microtasks and no task remains (libomp's join barrier). A thread that ends
     * before any task exists leaves at once; the threads that create tasks later see them and stay.
     *
     * @param self the calling thread.
     */
    void finishRegion(final OmpThread self)
    {
        finishedMicrotasks.incrementAndGet();
        if (deques != null)
        {
            runtime.scheduler().waitUntil(self,
                () -> finishedMicrotasks.get() == members.length && pendingTasks.get() == 0, null);
        }
    }

    /**
     * @return the per-thread deques of ready tasks, made on the team's first deferred task.
     */
    TaskDeque[] deques()
    {
        TaskDeque[] made = deques;
        if (made == null)
        {
            synchronized (this)
            {
                made = deques;
                if (made == null)
                {
                    made = new TaskDeque[members.length];
                    for (int i = 0; i < made.length; i++)
                    {
                        made[i] = new TaskDeque();
                    }
                    deques = made;
                }
            }
        }
        return made;
    }

    TaskDeque[] dequesIfAny()
    {
        return deques;
    }

    void wakeAll()
    {
        for (final OmpThread member : members)
        {
            member.wake();
        }
    }

    /**
     * The slot where the first thread to reach a {@code task} reduction modifier publishes the shared private
     * copies, and the count of threads that have finished it.
     *
     * @param worksharing 1 for a worksharing construct's modifier, 0 for a parallel's.
     */
    AtomicReference<Object> reductionModifier(final int worksharing)
    {
        return worksharing != 0 ? worksharingReductionModifier : parallelReductionModifier;
    }

    AtomicInteger reductionModifierFinished(final int worksharing)
    {
        return reductionModifierFinished[worksharing != 0 ? 1 : 0];
    }

    /**
     * @param frame the calling thread's frame in this team.
     * @return true for the one thread that runs this {@code single}.
     */
    boolean claimSingle(final TeamFrame frame)
    {
        final long ticket = frame.singlesSeen++;
        return nextSingle.compareAndSet(ticket, ticket + 1);
    }

    DispatchLoop loop(final long sequence, final java.util.function.Supplier<DispatchLoop> create)
    {
        return loops.computeIfAbsent(sequence, key -> create.get());
    }

    void retireLoop(final long sequence, final DispatchLoop loop)
    {
        if (loop.allFinished())
        {
            loops.remove(sequence, loop);
        }
    }

    void copyprivateData(final int address)
    {
        copyprivateData = address;
    }

    int copyprivateData()
    {
        return copyprivateData;
    }

    void workerDone()
    {
        workersDone.incrementAndGet();
        members[0].wake();
    }

    /**
     * The master's join: waits for every worker to finish its microtask (or fail).
     *
     * @param master the team's thread 0.
     */
    void join(final OmpThread master)
    {
        final int workers = members.length - 1;
        while (true)
        {
            try
            {
                Waits.await(master, null, runtime, () -> workersDone.get() >= workers);
                return;
            }
            catch (final com.dylibso.chicory.runtime.ChicoryInterruptedException ex)
            {
                final Failure failed = failure.get();
                if (failed == null || failed.threadNum() == 0)
                {
                    throw ex;
                }
                Thread.interrupted();
            }
        }
    }

    /**
     * Records the first fault and interrupts the other threads, so they unwind from guest code or waits.
     *
     * @param threadNum the failing thread.
     * @param fault     what happened.
     */
    void abort(final int threadNum, final Throwable fault)
    {
        if (failure.compareAndSet(null, new Failure(threadNum, fault)))
        {
            for (final OmpThread member : members)
            {
                if (member.javaThread != Thread.currentThread())
                {
                    member.javaThread.interrupt();
                }
            }
        }
    }

    Failure failure()
    {
        return failure.get();
    }

    void throwIfAborted()
    {
        if (failure.get() != null)
        {
            throw new Aborted();
        }
    }
}
