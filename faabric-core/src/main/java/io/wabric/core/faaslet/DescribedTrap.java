package io.wabric.core.faaslet;

import io.wabric.core.WabricException;

/**
 * A trap that a runtime re-throws with context added, such as which thread of a team it ended, and whose message
 * already holds the whole one-line reason ({@link TrapDiagnostics#reason} of the original fault, prefixed).
 * {@link TrapDiagnostics#reason} reports such a trap by its message instead of looking through it at the original
 * fault, which would drop the context.
 */
public class DescribedTrap extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the context, then the original fault's reason: one line.
     * @param cause   the original fault, kept for its backtrace.
     */
    public DescribedTrap(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
