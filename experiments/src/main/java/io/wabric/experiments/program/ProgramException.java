package io.wabric.experiments.program;

/**
 * An experiment program could not be built or run, or printed something the harness cannot accept; the message
 * names the program and the values involved.
 */
public final class ProgramException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the values involved.
     */
    public ProgramException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong, with the values involved.
     * @param cause   the underlying failure.
     */
    public ProgramException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
