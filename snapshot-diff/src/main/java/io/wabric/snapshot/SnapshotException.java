package io.wabric.snapshot;

import io.wabric.core.WabricException;

/**
 * A snapshot, diff or merge that cannot be used: a corrupt or truncated buffer, a snapshot of another module, a
 * merge conflict the caller did not allow. The message names the values at fault and the fix.
 */
public class SnapshotException extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, with the values, and how to fix it.
     */
    public SnapshotException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, with the values, and how to fix it.
     * @param cause   the underlying fault, e.g. an I/O error.
     */
    public SnapshotException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
