package io.wabric.openmp;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import io.wabric.core.WabricException;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestExitException;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.GuestSiblings;
import io.wabric.core.memory.FlatMemory;
import io.wabric.openmp.fork.ForkTeam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One OpenMP program's runtime in shared mode: its guest threads, the worker pool, forks and joins, and guest
 * memory the runtime allocates (thread stacks, thread-id cells, task structures, threadprivate copies).
 *
 * <pre>
 *   __kmpc_fork_call(loc, argc, microtask, args)
 *     master: take (size - 1) idle pooled workers, hand each an Assignment, run microtask as thread 0,
 *             wait for the workers (join), put them back in the pool
 *     worker: set its own __stack_pointer and id cells, call microtask(&amp;gtid, &amp;btid, args...), report done
 * </pre>
 *
 * <p>Workers keep their module instance and their Wasm stack while the program uses them, and the pool, kept in
 * gtid order, hands the same workers to top-level teams in the same order, so threadprivate data persists per
 * thread number as it does with libgomp. An idle worker retires after {@link #IDLE_RETIRE_NS}, freeing its Java
 * thread and instance, but its identity stays: the next worker created takes the lowest retired gtid with its
 * stack and id cells, so threadprivate copies (keyed by gtid) survive a long serial phase, and a program that
 * pauses between regions does not allocate a new stack per worker every time.
 */
final class OpenMpRuntime
{
    static final long IDLE_RETIRE_NS = 5_000_000_000L;
    static final int ALIGNMENT_STACK = 16;

    private final FaasletContext context;
    private final OpenMpSettings settings;
    private final ThreadLocal<OmpThread> current = new ThreadLocal<>();
    private final Safepoints safepoints = new Safepoints(current);
    private final TaskScheduler scheduler = new TaskScheduler(this);
    private final List<OmpThread> pool = new ArrayList<>();
    /** Retired workers whose gtid, stack and id cells the next workers take, lowest gtid first (guarded by poolLock). */
    private final PriorityQueue<WorkerIdentity> retired =
        new PriorityQueue<>(Comparator.comparingInt(WorkerIdentity::gtid));
    private final Object poolLock = new Object();
    private final AtomicInteger nextGtid = new AtomicInteger();
    private volatile int allocFunction;
    private volatile int freeFunction;
    private volatile boolean dynamic;
    private volatile int maxActiveLevels;
    private volatile boolean growthGuardInstalled;
    private int stackPointerGlobal = -1;
    private final io.wabric.openmp.fork.ForkMode forkMode;

    OpenMpRuntime(final FaasletContext context, final OpenMpSettings settings)
    {
        this.context = context;
        this.settings = settings;
        this.dynamic = settings.dynamic();
        this.maxActiveLevels = settings.maxActiveLevels();
        this.forkMode = context.attachment(io.wabric.openmp.fork.ForkMode.class);
    }

    OpenMpSettings settings()
    {
        return settings;
    }

    Safepoints safepoints()
    {
        return safepoints;
    }

    TaskScheduler scheduler()
    {
        return scheduler;
    }

    boolean dynamic()
    {
        return dynamic;
    }

    void dynamic(final boolean dynamic)
    {
        this.dynamic = dynamic;
    }

    int maxActiveLevels()
    {
        return maxActiveLevels;
    }

    void maxActiveLevels(final int levels)
    {
        this.maxActiveLevels = Math.max(0, levels);
    }

    void registerAllocator(final int alloc, final int free)
    {
        this.allocFunction = alloc;
        this.freeFunction = free;
    }

    /**
     * The calling guest thread; the first thread to call into OpenMP becomes the initial thread (gtid 0).
     *
     * @param guest the calling instance.
     * @return its thread.
     */
    OmpThread self(final Guest guest)
    {
        final OmpThread known = current.get();
        if (known != null)
        {
            return known;
        }
        final OmpThread initial = new OmpThread(nextGtid.getAndIncrement(), guest, Thread.currentThread());
        initial.frame = new TeamFrame(new Team(this, new OmpThread[] {initial}), 0, null);
        initial.nthreadsIcv = settings.numThreads(0);
        initial.runScheduleIcv = settings.runSchedule();
        initial.runChunkIcv = settings.runChunk();
        current.set(initial);
        safepoints.register(initial);
        return initial;
    }

    /**
     * Allocates guest memory with the guest's own (locked) allocator.
     *
     * @param self      the calling thread, whose instance runs the allocator.
     * @param alignment power of two.
     * @param size      bytes.
     * @param what      for the message when it fails.
     * @return the address.
     */
    int allocate(final OmpThread self, final int alignment, final int size, final String what)
    {
        final int alloc = allocFunction;
        if (alloc == 0)
        {
            throw new WabricException(self.guest.module().name() + ": OpenMP needs guest memory for " + what +
                " but the module has no Wabric OpenMP support linked in: compile and link it with `wabric cc -fopenmp`");
        }
        final int address = (int)self.guest.callFunctionPointer(alloc, alignment, size)[0];
        if (address == 0)
        {
            throw new WabricException("out of guest memory: cannot allocate " + size + " bytes for " + what +
                "; raise --max-memory or lower OMP_STACKSIZE");
        }
        return address;
    }

    void release(final OmpThread self, final int address)
    {
        if (address != 0 && freeFunction != 0)
        {
            self.guest.callFunctionPointer(freeFunction, address);
        }
    }

    /**
     * {@code __kmpc_fork_call}: runs {@code microtask} on a new team.
     *
     * @param self       the encountering thread.
     * @param microtask  the outlined function's table index.
     * @param sharedArgs the shared-variable pointers to pass after the two id pointers.
     */
    void fork(final OmpThread self, final int microtask, final long[] sharedArgs)
    {
        final TeamFrame parent = self.frame;
        final Task enclosingTask = self.explicitTask;
        self.explicitTask = null;
        final int requested = self.pendingNumThreads > 0 ? self.pendingNumThreads : self.nthreadsIcv;
        self.pendingNumThreads = 0;
        final int size = parent.activeLevel >= maxActiveLevels || ForkBridge.nestedInForkedTeam(self) ? 1 :
            Math.min(requested, settings.threadLimit());
        ensureIdCells(self);
        if (size <= 1)
        {
            self.frame = new TeamFrame(new Team(this, new OmpThread[] {self}), 0, parent);
            final int savedNthreads = self.nthreadsIcv;
            enterLevel(self, self.frame.level);
            try
            {
                invoke(self, microtask, sharedArgs, 0);
            }
            finally
            {
                self.nthreadsIcv = savedNthreads;
                self.frame = parent;
                self.explicitTask = enclosingTask;
            }
            return;
        }
        if (forkMode == null)
        {
            installGrowthGuard(self);
        }
        final Team team = teamFor(self, size);
        final OmpThread[] members = team.members();
        ForkBridge.beginRegion(forkMode, self, team);
        final int childLevel = parent.level + 1;
        final int childNthreads = settings.hasNumThreadsFor(childLevel) ? settings.numThreads(childLevel) : self.nthreadsIcv;
        for (int i = 1; i < size; i++)
        {
            final OmpThread worker = members[i];
            worker.assignment = worker.assignmentSlot.set(team, i, microtask, sharedArgs, parent, childNthreads,
                self.runScheduleIcv, self.runChunkIcv);
            worker.wake();
        }
        final int savedNthreads = self.nthreadsIcv;
        self.spinFloor(Waits.spinFloor(size));
        self.frame = team.frame(0, parent);
        self.nthreadsIcv = childNthreads;
        try
        {
            invoke(self, microtask, sharedArgs, 0);
            team.finishRegion(self);
            ForkBridge.arrive(self);
        }
        catch (final Team.Aborted ex)
        {
            // another thread failed first: its fault is reported below
        }
        catch (final RuntimeException | Error ex)
        {
            team.abort(0, ex);
        }
        finally
        {
            self.nthreadsIcv = savedNthreads;
            self.frame = parent;
            self.explicitTask = enclosingTask;
        }
        final Team.Failure early = team.failure();
        if (early != null && early.threadNum() != 0)
        {
            Thread.interrupted();
        }
        try
        {
            team.join(self);
        }
        catch (final ChicoryInterruptedException ex)
        {
            team.abort(0, ex);
            throw ex;
        }
        finally
        {
            releaseWorkers(members);
        }
        final Team.Failure failure = team.failure();
        ForkBridge.endRegion(team, failure != null);
        if (failure != null)
        {
            throw rethrow(self, failure);
        }
    }

    private void enterLevel(final OmpThread self, final int level)
    {
        if (settings.hasNumThreadsFor(level))
        {
            self.nthreadsIcv = settings.numThreads(level);
        }
    }

    private RuntimeException rethrow(final OmpThread self, final Team.Failure failure)
    {
        final Throwable fault = failure.fault();
        if (failure.threadNum() != 0)
        {
            Thread.interrupted();
        }
        if (fault instanceof WasiExitException || fault instanceof GuestExitException ||
            fault instanceof OpenMpThreadTrap ||
            fault instanceof ChicoryInterruptedException && failure.threadNum() == 0)
        {
            return (RuntimeException)fault;
        }
        return new OpenMpThreadTrap(failure.threadNum(), fault);
    }

    /**
     * Calls a microtask as {@code threadNum} with the thread's id cells.
     */
    private void invoke(final OmpThread self, final int microtask, final long[] sharedArgs, final int threadNum)
    {
        final Memory memory = self.guest.memory();
        final int cell = self.gtidCell();
        // mostly unchanged since the last region: a store would mark the block in fork mode and cost a compare there
        if (memory.readInt(cell) != self.gtid || memory.readInt(cell + 4) != threadNum)
        {
            memory.writeI32(cell, self.gtid);
            memory.writeI32(cell + 4, threadNum);
        }
        long[] args = self.invokeArgs;
        if (args == null || args.length != sharedArgs.length + 2)
        {
            args = new long[sharedArgs.length + 2];
            self.invokeArgs = args;
        }
        args[0] = cell;
        args[1] = cell + 4;
        System.arraycopy(sharedArgs, 0, args, 2, sharedArgs.length);
        self.guest.callFunctionPointer(microtask, args);
    }

    private void ensureIdCells(final OmpThread self)
    {
        if (self.idCellsAddress == 0)
        {
            self.idCellsAddress = allocate(self, 8, OmpThread.ID_CELL_LEVELS * OmpThread.ID_CELL_BYTES,
                "thread id cells");
        }
    }

    private void installGrowthGuard(final OmpThread self)
    {
        if (!growthGuardInstalled)
        {
            final Memory memory = self.guest.memory();
            if (!(memory instanceof FlatMemory))
            {
                throw new WabricException("OpenMP threads need a FlatMemory to share, not " +
                    memory.getClass().getSimpleName());
            }
            ((FlatMemory)memory).growthGuard(safepoints);
            growthGuardInstalled = true;
        }
    }

    /**
     * The team for a fork of {@code size} threads: idle pooled workers (new ones when too few are idle) behind the
     * master. In shared mode a master that gets the same workers as for its previous fork, which ended cleanly,
     * reuses that team and its frames (reset), so a steady-state fork/join allocates no runtime objects.
     */
    private Team teamFor(final OmpThread self, final int size)
    {
        OmpThread[] acquired = self.acquired;
        if (acquired == null || acquired.length != size)
        {
            acquired = new OmpThread[size];
            self.acquired = acquired;
        }
        acquired[0] = self;
        acquireWorkers(self, acquired);
        final Team last = self.lastForkedTeam;
        if (forkMode == null && last != null && last.reusableFor(acquired))
        {
            last.reset();
            return last;
        }
        final Team team = new Team(this, acquired.clone());
        self.lastForkedTeam = forkMode == null ? team : null;
        return team;
    }

    private void acquireWorkers(final OmpThread self, final OmpThread[] members)
    {
        int filled = 1;
        synchronized (poolLock)
        {
            for (int i = 0, count = pool.size(); i < count; i++)
            {
                final OmpThread worker = pool.get(i);
                if (filled == members.length)
                {
                    break;
                }
                if (!worker.busy && !worker.retired)
                {
                    worker.busy = true;
                    members[filled++] = worker;
                }
            }
        }
        while (filled < members.length)
        {
            final OmpThread worker = createWorker(self);
            synchronized (poolLock)
            {
                int at = pool.size();
                while (at > 0 && pool.get(at - 1).gtid > worker.gtid)
                {
                    at--;
                }
                pool.add(at, worker);
            }
            members[filled++] = worker;
        }
    }

    private void releaseWorkers(final OmpThread[] members)
    {
        synchronized (poolLock)
        {
            for (int i = 1; i < members.length; i++)
            {
                members[i].busy = false;
            }
        }
    }

    private OmpThread createWorker(final OmpThread creator)
    {
        final GuestSiblings siblings = context.attachment(GuestSiblings.class);
        if (siblings == null)
        {
            throw new WabricException("OpenMP parallel regions need a Faaslet that can make sibling instances");
        }
        final Guest guest = ForkBridge.instantiateWorker(forkMode, siblings, creator);
        final WorkerIdentity predecessor;
        synchronized (poolLock)
        {
            predecessor = retired.poll();
        }
        final OmpThread worker;
        if (predecessor != null)
        {
            worker = new OmpThread(predecessor.gtid(), guest, null);
            worker.stackTop = predecessor.stackTop();
            worker.idCellsAddress = predecessor.idCellsAddress();
        }
        else
        {
            final int stackBytes = settings.stackSizeBytes();
            final int stackBase = allocate(creator, ALIGNMENT_STACK, stackBytes, "a thread stack (OMP_STACKSIZE)");
            final int cells = allocate(creator, 8, OmpThread.ID_CELL_LEVELS * OmpThread.ID_CELL_BYTES,
                "thread id cells");
            worker = new OmpThread(nextGtid.getAndIncrement(), guest, null);
            worker.stackTop = (stackBase + stackBytes) & ~(ALIGNMENT_STACK - 1);
            worker.idCellsAddress = cells;
        }
        worker.busy = true;
        worker.safe = true;
        if (stackPointerGlobal < 0)
        {
            stackPointerGlobal = guest.module().hasExport("__stack_pointer") ? -2 : 0;
        }
        final Thread thread = new Thread(null, () -> workerLoop(worker), "wabric-omp-" + worker.gtid,
            FaasletOptions.STACK_SIZE_DEFAULT_BYTES);
        thread.setDaemon(true);
        worker.javaThread = thread;
        safepoints.register(worker);
        thread.start();
        return worker;
    }

    private void workerLoop(final OmpThread worker)
    {
        current.set(worker);
        try
        {
            while (true)
            {
                final OmpThread.Assignment assignment = awaitAssignment(worker);
                if (assignment == null)
                {
                    return;
                }
                runAssignment(worker, assignment);
            }
        }
        finally
        {
            worker.retired = true;
            safepoints.deregister(worker);
        }
    }

    private OmpThread.Assignment awaitAssignment(final OmpThread worker)
    {
        worker.safe = true;
        long idleSinceNs = System.nanoTime();
        final int spinLimit = worker.assignmentSpinLimit;
        int rounds = 0;
        while (true)
        {
            final OmpThread.Assignment assignment = worker.assignment;
            if (assignment != null)
            {
                worker.assignment = null;
                worker.assignmentSpinLimit = Waits.adapt(spinLimit, rounds, worker.spinFloor);
                Thread.interrupted();
                safepoints.leaveSafe(worker);
                return assignment;
            }
            if (Waits.idle(spinLimit, rounds))
            {
                worker.parked = true;
                if (worker.assignment == null)
                {
                    LockSupport.parkNanos(this, Waits.PARK_NS * 5);
                }
                worker.parked = false;
                if (System.nanoTime() - idleSinceNs > IDLE_RETIRE_NS)
                {
                    synchronized (poolLock)
                    {
                        if (!worker.busy)
                        {
                            worker.retired = true;
                            pool.remove(worker);
                            retired.add(new WorkerIdentity(worker.gtid, worker.stackTop, worker.idCellsAddress));
                            return null;
                        }
                    }
                    idleSinceNs = System.nanoTime();
                }
            }
            rounds++;
        }
    }

    private void runAssignment(final OmpThread worker, final OmpThread.Assignment assignment)
    {
        final Team team = assignment.team;
        final ForkTeam fork = team.fork;
        worker.frame = team.frame(assignment.threadNum, assignment.parentFrame);
        worker.spinFloor(Waits.spinFloor(team.size()));
        worker.nthreadsIcv = assignment.nthreads;
        worker.runScheduleIcv = assignment.runSchedule;
        worker.runChunkIcv = assignment.runChunk;
        worker.pendingNumThreads = 0;
        try
        {
            if (stackPointerGlobal == -2)
            {
                worker.guest.global("__stack_pointer", worker.stackTop);
            }
            else
            {
                worker.guest.globalAt(0, worker.stackTop);
            }
            worker.explicitTask = null;
            // awaitAssignment cleared this thread's interrupt: a team that failed before then must not be joined
            team.throwIfAborted();
            ForkBridge.enter(worker, team, assignment.threadNum);
            invoke(worker, assignment.microtask, assignment.sharedArgs, assignment.threadNum);
            team.finishRegion(worker);
            ForkBridge.arrive(worker);
        }
        catch (final Team.Aborted ex)
        {
            // another thread failed first
        }
        catch (final RuntimeException | Error ex)
        {
            team.abort(assignment.threadNum, ex);
        }
        finally
        {
            worker.frame = null;
            worker.explicitTask = null;
            Thread.interrupted();
            team.workerDone();
            ForkBridge.afterRegion(worker, fork, team, safepoints);
        }
    }

    /**
     * What a retired worker leaves for its successor: its gtid (the key of its threadprivate copies) and the guest
     * memory it was given, its Wasm stack and its id cells; not its instance, which goes with its Java thread.
     */
    private record WorkerIdentity(int gtid, int stackTop, int idCellsAddress)
    {
    }
}
