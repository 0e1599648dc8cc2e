package io.wabric.openmp.fork;

import io.wabric.core.WabricException;

/**
 * Two threads of a forked team changed the same byte to different values with no synchronisation between the
 * writes: fork mode cannot know which write a shared-memory run would have kept.
 */
public final class DataRaceException extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message the offset, the threads and the values, and the fix.
     */
    public DataRaceException(final String message)
    {
        super(message);
    }
}
