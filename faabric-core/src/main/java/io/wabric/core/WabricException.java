package io.wabric.core;

/**
 * Root of Wabric's small exception tree: faults of the runtime or of input the user gave us.
 *
 * <p>Messages are one line, name the thing at fault and the values involved, and say what to do about it;
 * they are printed to users as they are.
 */
public class WabricException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming what failed and why.
     */
    public WabricException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming what failed and why.
     * @param cause   the underlying fault.
     */
    public WabricException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
