package io.wabric.mpi.job;

import io.wabric.mpi.world.JobFailure;

/**
 * How an MPI job ended: its exit status and, when it failed, the first failure.
 */
public final class JobResult
{
    private final int exitCode;
    private final JobFailure failure;
    private final int strandedThreads;

    JobResult(final int exitCode, final JobFailure failure, final int strandedThreads)
    {
        this.exitCode = exitCode;
        this.failure = failure;
        this.strandedThreads = strandedThreads;
    }

    /**
     * @return 0 when every rank exited 0, else the first failure's status.
     */
    public int exitCode()
    {
        return exitCode;
    }

    /**
     * @return the first failure, or {@code null}.
     */
    public JobFailure failure()
    {
        return failure;
    }

    /**
     * @return rank threads still alive after the job ended (should be 0).
     */
    public int strandedThreads()
    {
        return strandedThreads;
    }

    @Override
    public String toString()
    {
        return "JobResult(" + exitCode + (failure == null ? "" : ", " + failure) + ")";
    }
}
