package io.wabric.core.engine;

import io.wabric.core.WabricException;

/**
 * The guest's thread was interrupted (a time-out or a job tear-down) and the guest stopped at a loop back-edge or
 * a blocking host call.
 */
public final class GuestInterruptedException extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param cause the engine's interruption.
     */
    public GuestInterruptedException(final Throwable cause)
    {
        super("guest interrupted", cause);
    }
}
