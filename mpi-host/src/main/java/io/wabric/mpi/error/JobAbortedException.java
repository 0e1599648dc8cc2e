package io.wabric.mpi.error;

/**
 * Thrown on a rank's thread to end it because the job is over: some rank called MPI_Abort, trapped, failed an MPI
 * call under MPI_ERRORS_ARE_FATAL, or the job timed out. The launcher reports the job's first failure, not this.
 */
public final class JobAbortedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message why the rank is stopping.
     */
    public JobAbortedException(final String message)
    {
        super(message, null, false, false);
    }
}
