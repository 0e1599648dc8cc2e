package io.wabric.mpi.world;

import io.wabric.core.engine.GuestInterrupts;
import io.wabric.core.faaslet.ExitCodes;
import io.wabric.mpi.collective.LocalAreas;
import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.p2p.Mailbox;
import io.wabric.mpi.p2p.RemoteRoute;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The ranks of one job as this JVM sees them: the local ones (all of them, unless the job spans processes) with
 * their mailboxes, the route to ranks in other processes, the context id allocator and the job's first failure.
 *
 * <p>A failure (MPI_Abort, a trap, a fatal MPI error, a time-out) is recorded once; every rank thread is then
 * interrupted and woken so that ranks blocked in MPI calls or computing end within milliseconds.
 */
public final class MpiWorld
{
    /** Context ids 0..3 belong to MPI_COMM_WORLD and MPI_COMM_SELF; new communicators count up from here. */
    static final int FIRST_FREE_CONTEXT_ID = 16;
    /** Each process allocates context ids from its own range, so ids agree and never clash across processes. */
    static final int CONTEXT_IDS_PER_PROCESS = 1 << 24;
    /** The most processes a job may span: their context id ranges must fit in an int. */
    public static final int MAX_PROCESSES = 127;

    private final int size;
    private final MpiRank[] ranks;
    private final Mailbox[] mailboxes;
    private final int firstLocal;
    private final int localCount;
    private final AtomicInteger nextContextId;
    private final AtomicReference<JobFailure> failure = new AtomicReference<>();
    private final long startNanos = System.nanoTime();
    private final LocalAreas localAreas = new LocalAreas();
    private volatile RemoteRoute remote;
    private volatile Consumer<JobFailure> failureListener;

    /**
     * @param size the number of ranks.
     */
    public MpiWorld(final int size)
    {
        this(size, 0, size, 0);
    }

    /**
     * A world whose ranks firstLocal .. firstLocal + localCount - 1 run in this process.
     *
     * @param size         the number of ranks in the job.
     * @param firstLocal   the first rank of this process.
     * @param localCount   how many ranks this process runs.
     * @param processIndex this process's index in the job, which picks its context id range.
     */
    public MpiWorld(final int size, final int firstLocal, final int localCount, final int processIndex)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("world size " + size + " must be >= 1");
        }
        if (firstLocal < 0 || localCount < 1 || firstLocal + localCount > size || processIndex < 0 ||
            processIndex >= MAX_PROCESSES)
        {
            throw new IllegalArgumentException("local ranks " + firstLocal + ".." + (firstLocal + localCount - 1) +
                " of process " + processIndex + " must lie within the world of " + size + " (at most " +
                MAX_PROCESSES + " processes)");
        }
        this.firstLocal = firstLocal;
        this.localCount = localCount;
        this.nextContextId = new AtomicInteger(FIRST_FREE_CONTEXT_ID + processIndex * CONTEXT_IDS_PER_PROCESS);
        this.size = size;
        this.ranks = new MpiRank[size];
        this.mailboxes = new Mailbox[size];
        for (int r = 0; r < size; r++)
        {
            mailboxes[r] = new Mailbox(size);
            ranks[r] = new MpiRank(this, r, mailboxes[r]);
        }
    }

    /**
     * Tells the local ranks how many of the job's threads compete for this machine's cores (ranks times OpenMP
     * threads per rank, in this process and in the job's other processes here, and a media driver's threads), so
     * that they spin while every thread has a core and give cores up quickly when the threads outnumber them.
     * Without a call they count this process's ranks.
     *
     * @param threads the job's threads on this machine.
     */
    public void jobThreads(final int threads)
    {
        for (int r = firstLocal; r < firstLocal + localCount; r++)
        {
            ranks[r].jobThreads(Math.max(localCount, threads));
        }
    }

    /**
     * @return the shared-memory areas of communicators whose members all run in this process.
     */
    public LocalAreas localAreas()
    {
        return localAreas;
    }

    /**
     * @return the number of ranks.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param worldRank a rank.
     * @return whether it runs in this process.
     */
    public boolean isLocal(final int worldRank)
    {
        return worldRank >= firstLocal && worldRank < firstLocal + localCount;
    }

    /**
     * @return the first rank of this process.
     */
    public int firstLocal()
    {
        return firstLocal;
    }

    /**
     * @return how many ranks run in this process.
     */
    public int localCount()
    {
        return localCount;
    }

    /**
     * @return the route to ranks in other processes, or {@code null} when every rank is local.
     */
    public RemoteRoute remote()
    {
        return remote;
    }

    /**
     * @param remote the route to ranks in other processes.
     */
    public void remote(final RemoteRoute remote)
    {
        this.remote = remote;
    }

    /**
     * @param failureListener told once about a failure that started in this process (not one reported by a peer),
     *                        so it can tell the other processes.
     */
    public void failureListener(final Consumer<JobFailure> failureListener)
    {
        this.failureListener = failureListener;
    }

    /**
     * @param worldRank a rank.
     * @return its state.
     */
    public MpiRank rank(final int worldRank)
    {
        return ranks[worldRank];
    }

    /**
     * @param worldRank a rank.
     * @return the mailbox its receives match in.
     */
    public Mailbox mailbox(final int worldRank)
    {
        return mailboxes[worldRank];
    }

    /**
     * @param count how many consecutive ids (two per communicator).
     * @return the first of the new context ids.
     */
    public int allocateContextIds(final int count)
    {
        return nextContextId.getAndAdd(count);
    }

    /**
     * @return nanoseconds since the job started, for MPI_Wtime.
     */
    public long elapsedNanos()
    {
        return System.nanoTime() - startNanos;
    }

    /**
     * Records the job's failure if it is the first, and stops every rank.
     *
     * @param exitCode the job's exit status.
     * @param rank     the world rank at fault, or -1.
     * @param message  what happened.
     * @return true when this was the first failure.
     */
    public boolean fail(final int exitCode, final int rank, final String message)
    {
        return fail(new JobFailure(exitCode, rank, message), true);
    }

    /**
     * Records a failure another process reported, without reporting it back.
     *
     * @return true when this was the first failure.
     */
    public boolean failFromPeer(final int exitCode, final int rank, final String message)
    {
        return fail(new JobFailure(exitCode, rank, message), false);
    }

    private boolean fail(final JobFailure jobFailure, final boolean local)
    {
        final boolean first = failure.compareAndSet(null, jobFailure);
        if (first)
        {
            final Consumer<JobFailure> listener = failureListener;
            if (local && listener != null)
            {
                listener.accept(jobFailure);
            }
            for (final MpiRank each : ranks)
            {
                final Thread thread = each.thread();
                if (thread != null && thread != Thread.currentThread())
                {
                    // a rank in or past MPI_Finalize is woken (its finalize barrier then sees the failure) but its
                    // guest code is not interrupted: past the barrier it is finishing, typically flushing the
                    // output its C library buffered, which an interrupt would lose; the job still ends after its
                    // grace period if the rank does not. A time-out interrupts it all the same.
                    if (!each.finalizing() || jobFailure.exitCode() == ExitCodes.TIMED_OUT)
                    {
                        GuestInterrupts.interrupt(thread);
                    }
                    LockSupport.unpark(thread);
                }
            }
        }
        return first;
    }

    /**
     * @return the first failure, or {@code null} while the job runs normally.
     */
    public JobFailure failure()
    {
        return failure.get();
    }

    /**
     * Throws when the job has failed or this thread was interrupted, so blocking calls end.
     */
    public void checkAlive()
    {
        final JobFailure failed = failure.get();
        if (failed != null)
        {
            throw new JobAbortedException("job ended: " + failed.message());
        }
        if (Thread.currentThread().isInterrupted())
        {
            throw new JobAbortedException("rank thread interrupted");
        }
    }
}
