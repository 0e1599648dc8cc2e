package io.wabric.core.engine;

import io.wabric.core.WabricException;

/**
 * A module that cannot be run: not Wasm, truncated, invalid, or asking for imports Wabric does not provide.
 * Bad input from the user, reported in one line with exit status 2.
 */
public final class InvalidModuleException extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and the reason.
     */
    public InvalidModuleException(final String message)
    {
        super(message);
    }
}
