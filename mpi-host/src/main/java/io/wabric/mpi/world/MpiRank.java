package io.wabric.mpi.world;

import io.wabric.core.engine.Guest;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Group;
import io.wabric.mpi.comm.Keyval;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.p2p.Mailbox;
import io.wabric.mpi.p2p.RemoteRoute;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.p2p.RequestPool;
import io.wabric.mpi.p2p.SendRings;
import io.wabric.mpi.p2p.Waiter;

import io.wabric.mpi.rma.Window;

import java.io.OutputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * One rank's MPI state: its handle tables, its mailbox and the thread its guest runs on. Everything here except
 * the mailbox is confined to that thread.
 */
public final class MpiRank
{
    private static final int MAX_KEPT_SCRATCH_BYTES = 64 * 1024 * 1024;
    private final byte[][] collectiveScratch = new byte[2][];
    /** MPI_COMM_WORLD's handle. Part of the guest ABI. */
    public static final int COMM_WORLD = 1;
    /** MPI_COMM_SELF's handle. Part of the guest ABI. */
    public static final int COMM_SELF = 2;
    /** First handle for communicators a program creates. */
    public static final int FIRST_COMM_HANDLE = 3;
    /** MPI_GROUP_EMPTY's handle; created groups follow. */
    public static final int GROUP_EMPTY = 1;
    /** MPI_ERRORS_ARE_FATAL's handle. */
    public static final int ERRORS_ARE_FATAL = 1;
    /** MPI_ERRORS_RETURN's handle. */
    public static final int ERRORS_RETURN = 2;
    /** First handle for error handlers from MPI_Comm_create_errhandler. */
    public static final int FIRST_USER_ERRHANDLER = 3;
    /** The first user keyval: above the predefined attribute keys 0 .. 11. Part of the guest ABI. */
    public static final int FIRST_USER_KEYVAL = 16;

    /** How long a waiting rank busy-spins before yielding, when this process has a core for every thread. */
    public static final String SPIN_NS_PROP_NAME = "wabric.mpi.spinNs";
    /**
     * Default of {@link #SPIN_NS_PROP_NAME}, as OpenMPI spins when not oversubscribed: a rank with a core of its
     * own gains nothing by giving it up for a short wait, and two ranks that spin are CPU-bound tasks the kernel
     * spreads over the cores. Ranks that yield after a few microseconds look like two light tasks to it, and it
     * was seen to keep such a pair on one core for seconds, with an idle core beside them, every hand-over then
     * costing a yield (about 2 us against 0.3 us).
     */
    public static final long SPIN_NS_DEFAULT = 10_000_000;
    /**
     * The least a rank's adaptive spin shrinks to while it has a core of its own: longer than the scheduler's
     * migration cost (0.5 ms), so that two ranks that find themselves on one core spin through their time slices
     * until the kernel moves one of them, rather than hand over by yielding for good.
     */
    private static final long MIN_DEDICATED_SPIN_NS = 2_000_000;
    /** Spin of threads other than the rank's own (non-blocking collective and window helpers). */
    private static final long HELPER_SPIN_NS = 50_000;
    /** How long a waiting rank yields its core before parking. */
    public static final String YIELD_NS_PROP_NAME = "wabric.mpi.yieldNs";
    /** Default of {@link #YIELD_NS_PROP_NAME}. */
    public static final long YIELD_NS_DEFAULT = 50_000;
    /** Spin when threads outnumber cores: a peer that needs this core cannot run while we spin on it. */
    private static final long OVERSUBSCRIBED_SPIN_NS = 1_000;
    /** The least a rank's adaptive spin shrinks to when threads outnumber cores. */
    private static final long MIN_ADAPTIVE_SPIN_NS = 1_000;
    private static final long PARK_NANOS = 200_000;
    /** Spins between clock reads while the spin budget is long: a clock read costs about as much as a spin. */
    private static final int SPINS_PER_CLOCK_READ = 64;
    /**
     * Spins between clock reads once the budget has shrunk to {@link #SHORT_SPIN_NS} or less (the peer shares our
     * core): 64 spins of about 55 ns would overrun a 1 us budget threefold before the rank yields.
     */
    private static final int SHORT_SPINS_PER_CLOCK_READ = 8;
    private static final long SHORT_SPIN_NS = 4_000;

    private final MpiWorld world;
    private final int worldRank;
    private final Mailbox mailbox;
    private final HandleTable<Communicator> comms = new HandleTable<>(COMM_WORLD);
    private final HandleTable<Datatype> types = new HandleTable<>(io.wabric.mpi.datatype.Datatypes.FIRST_DERIVED_HANDLE);
    private final HandleTable<Operation> ops = new HandleTable<>(PredefinedOp.FIRST_USER_HANDLE);
    private final HandleTable<Group> groups = new HandleTable<>(GROUP_EMPTY + 1);
    private final HandleTable<Request> requests = new HandleTable<>(1);
    private final HandleTable<Window> windows = new HandleTable<>(1);
    private final HandleTable<Integer> errhandlers = new HandleTable<>(FIRST_USER_ERRHANDLER);
    private final HandleTable<Keyval> keyvals = new HandleTable<>(FIRST_USER_KEYVAL);
    private final RequestPool requestPool = new RequestPool();
    private final SendRings sendRings;
    private final Queue<RankTask> rankThreadTasks = new ConcurrentLinkedQueue<>();
    private final RequestDone requestDone = new RequestDone();
    private volatile Thread thread;
    private volatile Waiter waiter;
    private Guest guest;
    private OutputStream stderr = OutputStream.nullOutputStream();
    private boolean initialized;
    private boolean finalized;
    /** Read by the thread that fails the job (see {@link MpiWorld#fail}), so volatile. */
    private volatile boolean finalizing;
    private int threadLevel;
    private int attachedBufferAddress;
    private int attachedBufferBytes;
    private long spinNs;
    private long minSpinNs;
    private final long yieldNs;
    private long adaptiveSpinNs;

    MpiRank(final MpiWorld world, final int worldRank, final Mailbox mailbox)
    {
        this.world = world;
        this.worldRank = worldRank;
        this.mailbox = mailbox;
        this.sendRings = new SendRings(world.size(), worldRank);
        this.yieldNs = Long.getLong(YIELD_NS_PROP_NAME, YIELD_NS_DEFAULT);
        jobThreads(world.localCount());
        final int[] all = new int[world.size()];
        for (int r = 0; r < all.length; r++)
        {
            all[r] = r;
        }
        comms.add(new Communicator("MPI_COMM_WORLD", 0, new Group(all), worldRank, null, ERRORS_ARE_FATAL)
            .objectName("MPI_COMM_WORLD").predefinedAttributes(true));
        comms.add(new Communicator("MPI_COMM_SELF", 2, new Group(new int[] {worldRank}), 0, null,
            ERRORS_ARE_FATAL).objectName("MPI_COMM_SELF"));
    }

    /**
     * Sets how the rank waits from the number of the job's threads that compete for this machine's cores (see
     * {@link MpiWorld#jobThreads}): it spins long when every thread has a core ({@link #SPIN_NS_DEFAULT}), and
     * briefly, adapting, when they outnumber the cores. Call before the rank runs; {@code -Dwabric.mpi.spinNs}
     * overrides the spin.
     *
     * @param threads the job's threads on this machine, at least this process's ranks.
     */
    void jobThreads(final int threads)
    {
        final boolean dedicated = threads <= Runtime.getRuntime().availableProcessors();
        this.spinNs = Long.getLong(SPIN_NS_PROP_NAME, dedicated ? SPIN_NS_DEFAULT : OVERSUBSCRIBED_SPIN_NS);
        this.minSpinNs = Math.min(spinNs, dedicated ? MIN_DEDICATED_SPIN_NS : MIN_ADAPTIVE_SPIN_NS);
        this.adaptiveSpinNs = spinNs;
    }

    /**
     * @return the job.
     */
    public MpiWorld world()
    {
        return world;
    }

    /**
     * @return this rank in MPI_COMM_WORLD.
     */
    public int worldRank()
    {
        return worldRank;
    }

    /**
     * @return where messages to this rank are matched.
     */
    public Mailbox mailbox()
    {
        return mailbox;
    }

    /**
     * @return the communicators by handle.
     */
    public HandleTable<Communicator> comms()
    {
        return comms;
    }

    /**
     * @return derived datatypes by handle.
     */
    public HandleTable<Datatype> types()
    {
        return types;
    }

    /**
     * @return user operations by handle.
     */
    public HandleTable<Operation> ops()
    {
        return ops;
    }

    /**
     * @return groups by handle.
     */
    public HandleTable<Group> groups()
    {
        return groups;
    }

    /**
     * @return requests by handle.
     */
    public HandleTable<Request> requests()
    {
        return requests;
    }

    /**
     * @return one-sided windows by handle.
     */
    public HandleTable<Window> windows()
    {
        return windows;
    }

    /**
     * @return the guest functions of user error handlers (MPI_Comm_errhandler_function pointers) by handle.
     */
    public HandleTable<Integer> errhandlers()
    {
        return errhandlers;
    }

    /**
     * @return the user attribute keys by handle; freed ones stay, so handles are never reused.
     */
    public HandleTable<Keyval> keyvals()
    {
        return keyvals;
    }

    /**
     * A work array of exactly {@code bytes} for a blocking collective on this rank's own thread, kept for the next
     * call of the same size, so a loop of same-sized collectives allocates nothing (an 8 MiB allreduce allocated
     * 12 MiB a call, and the GC paused for tens of milliseconds every few hundred). Arrays above 64 MiB are not
     * kept.
     *
     * @param slot  0 for the packed contribution, 1 for data received while combining.
     * @param bytes the length.
     * @return an array of that length, with stale contents.
     */
    public byte[] collectiveScratch(final int slot, final int bytes)
    {
        final byte[] kept = collectiveScratch[slot];
        if (kept != null && kept.length == bytes)
        {
            return kept;
        }
        final byte[] fresh = new byte[bytes];
        collectiveScratch[slot] = bytes <= MAX_KEPT_SCRATCH_BYTES ? fresh : null;
        return fresh;
    }

    /**
     * @return the guest's thread, or {@code null} before it started.
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * @param thread the thread the guest runs on; completions of this rank's requests wake it.
     */
    public void thread(final Thread thread)
    {
        final Waiter announcing = thread == null ? null : Waiter.announcing(thread);
        this.waiter = announcing;
        this.thread = thread;
        mailbox.owner(announcing);
    }

    /**
     * @return how completions wake the rank's thread, or {@code null} before it started.
     */
    public Waiter waiter()
    {
        return waiter;
    }

    /**
     * @return the spare requests of this rank's thread.
     */
    public RequestPool requestPool()
    {
        return requestPool;
    }

    /**
     * @return the rings this rank's thread sends small messages through, by destination.
     */
    public SendRings sendRings()
    {
        return sendRings;
    }

    /**
     * @return the guest instance, known from its first MPI call.
     */
    public Guest guest()
    {
        return guest;
    }

    /**
     * @param guest the calling guest instance.
     */
    public void guest(final Guest guest)
    {
        this.guest = guest;
    }

    /**
     * @return where fatal MPI errors are reported.
     */
    public OutputStream stderr()
    {
        return stderr;
    }

    /**
     * @param stderr the rank's standard error.
     */
    public void stderr(final OutputStream stderr)
    {
        this.stderr = stderr;
    }

    /**
     * @return whether MPI_Init was called.
     */
    public boolean initialized()
    {
        return initialized;
    }

    /**
     * @param threadLevel the level MPI_Init_thread provided.
     */
    public void initialize(final int threadLevel)
    {
        this.initialized = true;
        this.threadLevel = threadLevel;
    }

    /**
     * @return the thread level provided.
     */
    public int threadLevel()
    {
        return threadLevel;
    }

    /**
     * @return whether MPI_Finalize was called.
     */
    public boolean finalized()
    {
        return finalized;
    }

    /**
     * Marks MPI finalized.
     */
    public void finalizeMpi()
    {
        finalized = true;
    }

    /**
     * Marks the rank as inside or past MPI_Finalize, from its first step: a job failure then wakes it without
     * interrupting its guest code (see {@link MpiWorld#fail}).
     */
    public void enterFinalize()
    {
        finalizing = true;
    }

    /**
     * @return whether the rank has called MPI_Finalize (it may still be in it).
     */
    public boolean finalizing()
    {
        return finalizing;
    }

    /**
     * @param address the MPI_Buffer_attach buffer.
     * @param bytes   its size, 0 when detached.
     */
    public void attachBuffer(final int address, final int bytes)
    {
        attachedBufferAddress = address;
        attachedBufferBytes = bytes;
    }

    /**
     * @return the attached buffer's address.
     */
    public int attachedBufferAddress()
    {
        return attachedBufferAddress;
    }

    /**
     * @return the attached buffer's size, 0 when none.
     */
    public int attachedBufferBytes()
    {
        return attachedBufferBytes;
    }

    /**
     * Blocks the calling thread until a condition holds: busy-spins (about {@value #SPIN_NS_DEFAULT} ns, or
     * 1 us when this process runs more ranks than it has cores), then yields (about
     * {@value #YIELD_NS_DEFAULT} ns), then parks until a completion wakes it. On the rank's own thread the parking
     * is announced through its {@link Waiter}, so a completing peer pays for an unpark only when this rank really
     * sleeps, and a peer running on another core hands a small message over within the spin. When ranks live in
     * other processes too, the waiting thread also receives from the transport (if no other thread is), so a
     * message from another process is matched without a thread hand-off. Throws
     * {@link io.wabric.mpi.error.JobAbortedException} when the job fails meanwhile.
     *
     * @param condition checked after every wake-up.
     */
    public void await(final BooleanSupplier condition)
    {
        if (condition.getAsBoolean())
        {
            return;
        }
        final Mailbox box = mailbox;
        final RemoteRoute remote = world.remote();
        final Waiter self = waiter;
        final Waiter announcing = self != null && self.thread() == Thread.currentThread() ? self : null;
        final long spinBudgetNs = announcing != null ? adaptiveSpinNs : Math.min(spinNs, HELPER_SPIN_NS);
        final int clockMask = (spinBudgetNs <= SHORT_SPIN_NS ? SHORT_SPINS_PER_CLOCK_READ : SPINS_PER_CLOCK_READ) - 1;
        boolean spinFailed = false;
        long idleSinceNs = System.nanoTime();
        int spins = 0;
        while (!condition.getAsBoolean())
        {
            if (box.poll() > 0)
            {
                continue;
            }
            if ((spins & clockMask) != 0 && remote == null)
            {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            world.checkAlive();
            final Thread rankThread = thread;
            if (rankThread != null && rankThread != Thread.currentThread() && !rankThread.isAlive())
            {
                // a helper of a rank that has returned: nothing it waits for can matter any more
                throw new io.wabric.mpi.error.JobAbortedException("rank " + worldRank + " has ended");
            }
            final boolean ranWork = progress();
            final long nowNs = System.nanoTime();
            if (ranWork | (remote != null && remote.progress() > 0))
            {
                idleSinceNs = nowNs;
                spins = 0;
                continue;
            }
            final long idleNs = nowNs - idleSinceNs;
            if (idleNs < spinBudgetNs)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (idleNs < spinBudgetNs + yieldNs)
            {
                spinFailed = true;
                Thread.yield();
            }
            else
            {
                park(announcing, condition);
            }
        }
        if (announcing != null)
        {
            adaptiveSpinNs = spinFailed ? Math.max(minSpinNs, spinBudgetNs >> 1) :
                Math.min(spinNs, spinBudgetNs << 1);
        }
    }

    /**
     * Parks once, announced twice: to the rank's {@link Waiter} (on the rank's own thread), so completions unpark
     * it, and to the mailbox, so a sender that puts a message into one of this rank's rings drains it on our
     * behalf (completing the receive it matches, which unparks its waiter). Both announcements come before the
     * last look at the rings and the condition.
     */
    private void park(final Waiter announcing, final BooleanSupplier condition)
    {
        if (announcing != null)
        {
            announcing.parked(true);
        }
        mailbox.parking(1);
        try
        {
            mailbox.poll();
            if (!condition.getAsBoolean())
            {
                final RemoteRoute remote = world.remote();
                if (remote != null)
                {
                    remote.waiterParks();
                }
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        finally
        {
            mailbox.parking(-1);
            if (announcing != null)
            {
                announcing.parked(false);
            }
        }
    }

    /**
     * @param request a request of this rank.
     */
    public void await(final Request request)
    {
        if (request.isComplete())
        {
            return;
        }
        if (Thread.currentThread() != thread)
        {
            await(request::isComplete);
            return;
        }
        final RequestDone done = requestDone;
        final Request outer = done.request;
        done.request = request;
        try
        {
            await(done);
        }
        finally
        {
            done.request = outer;
        }
    }

    /**
     * Runs work that must happen on the rank's own thread (calling into its guest, such as a user reduction
     * function needed by a non-blocking collective), waiting for it. On the rank's thread it runs at once; from
     * another thread it is queued and runs when the rank next enters MPI (MPI's progress rule).
     *
     * @param task the work; an {@link MpiException} it throws is rethrown here, while anything else (a trap in the
     *             guest) ends the rank's own thread and this call with a {@link JobAbortedException}.
     */
    public void runOnRankThread(final Runnable task)
    {
        if (Thread.currentThread() == thread)
        {
            task.run();
            return;
        }
        final RankTask queued = new RankTask(task, Thread.currentThread());
        rankThreadTasks.add(queued);
        LockSupport.unpark(thread);
        await(queued::isDone);
        queued.rethrow();
    }

    /**
     * Matches the messages waiting in this rank's rings (on any thread), and runs the work other threads queued
     * for this rank's thread (only on that thread).
     *
     * @return true when some work ran.
     */
    public boolean progress()
    {
        final boolean matched = mailbox.poll() > 0;
        if (rankThreadTasks.isEmpty() || Thread.currentThread() != thread)
        {
            return matched;
        }
        RankTask task;
        while ((task = rankThreadTasks.poll()) != null)
        {
            task.run();
        }
        return true;
    }

    /**
     * The condition "this request is complete" for waits on the rank's own thread, reused so that a wait
     * allocates nothing. A wait nested inside one (work run by {@link #progress}) saves and restores the request.
     */
    private static final class RequestDone implements BooleanSupplier
    {
        private Request request;

        @Override
        public boolean getAsBoolean()
        {
            return request.isComplete();
        }
    }

    /**
     * Work queued for the rank's thread, and what became of it.
     */
    private static final class RankTask
    {
        private final Runnable work;
        private final Thread waiter;
        private RuntimeException failure;
        private volatile boolean done;

        RankTask(final Runnable work, final Thread waiter)
        {
            this.work = work;
            this.waiter = waiter;
        }

        void run()
        {
            try
            {
                work.run();
            }
            catch (final MpiException | JobAbortedException ex)
            {
                failure = ex;
            }
            catch (final RuntimeException | Error ex)
            {
                // a trap (an exit, a stack overflow) in guest code run for another thread is this rank's own: it
                // unwinds the rank's thread through the MPI call it waits in, which reports it as any trap, with the
                // guest backtrace (the user function's frames are on this thread). The queuing thread just stops.
                failure = new JobAbortedException("the rank's thread ended in the work queued for it: " + ex);
                throw ex;
            }
            finally
            {
                done = true;
                LockSupport.unpark(waiter);
            }
        }

        boolean isDone()
        {
            return done;
        }

        void rethrow()
        {
            if (failure != null)
            {
                throw failure;
            }
        }
    }
}
