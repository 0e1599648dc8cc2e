package io.wabric.mpi.world;

/**
 * Why a job ended early: the exit status to report and a message naming the rank.
 */
public final class JobFailure
{
    private final int exitCode;
    private final int rank;
    private final String message;

    /**
     * @param exitCode the job's exit status.
     * @param rank     the world rank at fault, or -1 for the job as a whole (time-out).
     * @param message  what happened, for stderr.
     */
    public JobFailure(final int exitCode, final int rank, final String message)
    {
        this.exitCode = exitCode;
        this.rank = rank;
        this.message = message;
    }

    /**
     * @return the job's exit status.
     */
    public int exitCode()
    {
        return exitCode;
    }

    /**
     * @return the world rank at fault, or -1.
     */
    public int rank()
    {
        return rank;
    }

    /**
     * @return the message.
     */
    public String message()
    {
        return message;
    }

    @Override
    public String toString()
    {
        return "JobFailure(" + exitCode + ", rank " + rank + ": " + message + ")";
    }
}
