package io.wabric.openmp;

import io.wabric.core.engine.GuestInterrupts;
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
    /** Each thread's frame in the latest region, reused by the next region of a reused team. */
    private final TeamFrame[] frames;
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
    /** {@link #wakeAll}, made once: fork mode wakes the team for a shared merge and after the join. */
    final Runnable wakeMembers = this::wakeAll;

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
        this.frames = new TeamFrame[members.length];
    }

    OmpThread[] members()
    {
        return members;
    }

    /**
     * @param acquired the workers a new fork got, thread 0 first.
     * @return whether this team, whose region has joined, can run the next region: the same threads in the same
     *     order and no failure.
     */
    boolean reusableFor(final OmpThread[] acquired)
    {
        if (acquired.length != members.length || failure.get() != null)
        {
            return false;
        }
        for (int i = 0; i < members.length; i++)
        {
            if (acquired[i] != members[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes a joined team ready for its next region. Everything a region counts returned to zero at its join
     * (barriers, tasks); what only grows is reset here. Called by the master before it hands out assignments,
     * whose volatile hand-off publishes the reset to the workers.
     */
    void reset()
    {
        nextSingle.set(0);
        loops.clear();
        workersDone.set(0);
        finishedMicrotasks.set(0);
        copyprivateData = 0;
        parallelReductionModifier.set(null);
        worksharingReductionModifier.set(null);
        reductionModifierFinished[0].set(0);
        reductionModifierFinished[1].set(0);
        deques = null;
    }

    /**
     * @param threadNum   the thread's number in this team.
     * @param parentFrame the encountering thread's frame.
     * @return the thread's frame in this region: the one of the previous region, reset, when the parent is the
     *     same.
     */
    TeamFrame frame(final int threadNum, final TeamFrame parentFrame)
    {
        final TeamFrame last = frames[threadNum];
        if (last != null && last.parent == parentFrame)
        {
            last.reset();
            return last;
        }
        final TeamFrame made = new TeamFrame(this, threadNum, parentFrame);
        frames[threadNum] = made;
        return made;
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
     * A centralised sense-reversing barrier: the thread that completes it (the last to arrive, or with tasks
     * pending the waiter that sees the last one finish) resets the count and advances {@code barrierGeneration},
     * which the others spin on before they yield and park; only parked threads are unparked. Allocates nothing.
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
        if (!tryReleaseBarrier(generation))
        {
            runtime.scheduler().awaitBarrier(self, this, generation);
        }
        ForkBridge.leave(self);
    }

    /**
     * @return the barrier's generation, advanced each time the barrier completes.
     */
    int barrierGeneration()
    {
        return barrierGeneration;
    }

    /**
     * Completes the barrier of {@code generation} if every thread has arrived and no task remains; exactly one
     * caller succeeds.
     *
     * @param generation the generation the caller arrived in.
     * @return whether this call completed it.
     */
    boolean tryReleaseBarrier(final int generation)
    {
        final int size = members.length;
        if (arrived.get() == size && pendingTasks.get() == 0 && arrived.compareAndSet(size, 0))
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
                awaitWorkers(master, workers);
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

    private void awaitWorkers(final OmpThread master, final int workers)
    {
        if (workersDone.get() >= workers)
        {
            return;
        }
        final Safepoints safepoints = runtime.safepoints();
        safepoints.enterSafe(master);
        try
        {
            final int spinLimit = master.spinLimit;
            int rounds = 0;
            while (workersDone.get() < workers)
            {
                Waits.checkInterrupted();
                if (Waits.idle(spinLimit, rounds++))
                {
                    master.parked = true;
                    if (workersDone.get() < workers)
                    {
                        Waits.park(master);
                    }
                    master.parked = false;
                }
            }
            master.spinLimit = Waits.adapt(spinLimit, rounds, master.spinFloor);
        }
        finally
        {
            safepoints.leaveSafe(master);
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
                    GuestInterrupts.interrupt(member.javaThread);
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
