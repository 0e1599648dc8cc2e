package io.wabric.core.engine;

import io.wabric.core.WabricException;

/**
 * The guest called {@code exit(code)} (WASI {@code proc_exit}): unwinds the guest's stack to whoever called into it.
 * Not a fault; carries no stack trace.
 */
public final class GuestExitException extends WabricException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode the guest's exit status.
     */
    public GuestExitException(final int exitCode)
    {
        super("guest exited with status " + exitCode);
        this.exitCode = exitCode;
    }

    /**
     * @return the guest's exit status.
     */
    public int exitCode()
    {
        return exitCode;
    }

    @Override
    public synchronized Throwable fillInStackTrace()
    {
        return this;
    }
}
