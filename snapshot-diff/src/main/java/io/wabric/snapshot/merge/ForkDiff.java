package io.wabric.snapshot.merge;

import org.agrona.DirectBuffer;

/**
 * One fork's diff frame with the fork's index, which orders the merge: results never depend on arrival order.
 */
public final class ForkDiff
{
    private final int forkIndex;
    private final DirectBuffer buffer;
    private final int offset;
    private final int length;

    /**
     * @param forkIndex the fork's index (e.g. OpenMP thread number), unique within a merge.
     * @param buffer    holds the frame.
     * @param offset    where it starts.
     * @param length    bytes available from {@code offset}.
     */
    public ForkDiff(final int forkIndex, final DirectBuffer buffer, final int offset, final int length)
    {
        this.forkIndex = forkIndex;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /**
     * @return the fork's index.
     */
    public int forkIndex()
    {
        return forkIndex;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int offset()
    {
        return offset;
    }

    int length()
    {
        return length;
    }
}
