package io.wabric.transport;

/**
 * The transport cannot deliver: a peer never connected, a publication closed, the driver is gone.
 */
public final class TransportException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the process and the fix.
     */
    public TransportException(final String message)
    {
        super(message);
    }
}
