package io.wabric.mpi.world;

import io.wabric.mpi.error.JobAbortedException;
import io.wabric.mpi.p2p.Mailbox;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * All ranks of one job in this JVM: their mailboxes, the context id allocator and the job's first failure.
 *
 * <p>A failure (MPI_Abort, a trap, a fatal MPI error, a time-out) is recorded once; every rank thread is then
 * interrupted and woken so that ranks blocked in MPI calls or computing end within milliseconds.
 */
public final class MpiWorld
{
    /** Context ids 0..3 belong to MPI_COMM_WORLD and MPI_COMM_SELF; new communicators count up from here. */
    static final int FIRST_FREE_CONTEXT_ID = 16;

    private final int size;
    private final MpiRank[] ranks;
    private final Mailbox[] mailboxes;
    private final AtomicInteger nextContextId = new AtomicInteger(FIRST_FREE_CONTEXT_ID);
    private final AtomicReference<JobFailure> failure = new AtomicReference<>();
    private final long startNanos = System.nanoTime();

    /**
     * @param size the number of ranks.
     */
    public MpiWorld(final int size)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("world size " + size + " must be >= 1");
        }
        this.size = size;
        this.ranks = new MpiRank[size];
        this.mailboxes = new Mailbox[size];
        for (int r = 0; r < size; r++)
        {
            mailboxes[r] = new Mailbox();
            ranks[r] = new MpiRank(this, r, mailboxes[r]);
        }
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
        final boolean first = failure.compareAndSet(null, new JobFailure(exitCode, rank, message));
        if (first)
        {
            for (final MpiRank each : ranks)
            {
                final Thread thread = each.thread();
                if (thread != null && thread != Thread.currentThread())
                {
                    thread.interrupt();
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
