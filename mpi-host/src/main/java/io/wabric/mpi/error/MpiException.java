package io.wabric.mpi.error;

import io.wabric.core.WabricException;

/**
 * An MPI call failed with an error class; the message names the values at fault. Turned into a return code or a
 * job abort by the communicator's error handler, never seen by the guest as an exception.
 */
public final class MpiException extends WabricException
{
    private static final long serialVersionUID = 1L;

    private final MpiError error;

    /**
     * @param error   the class.
     * @param message what was wrong, with the values and the fix.
     */
    public MpiException(final MpiError error, final String message)
    {
        super(message);
        this.error = error;
    }

    /**
     * @return the class.
     */
    public MpiError error()
    {
        return error;
    }
}
