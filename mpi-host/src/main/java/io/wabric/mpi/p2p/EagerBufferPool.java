package io.wabric.mpi.p2p;

/**
 * Spare byte arrays for eager copies of unexpected messages, by power-of-two size class from
 * {@link #MIN_CLASS_BYTES} to {@link MatchRules#EAGER_LIMIT_BYTES}, so a message that arrives before its receive
 * is copied into a recycled buffer instead of a new one. Not thread-safe: its {@link Mailbox} uses it under its
 * lock.
 *
 * <p>Trade-off: each class keeps at most {@link #CLASS_BUDGET_BYTES} (and at most {@link #MAX_PER_CLASS} arrays),
 * about 1 MiB per mailbox when every class is full, which it is only after that many unexpected messages of every
 * size were queued at once. Longer messages (from other processes) are allocated and left to the GC.
 */
final class EagerBufferPool
{
    static final int MIN_CLASS_SHIFT = 6;
    static final int MIN_CLASS_BYTES = 1 << MIN_CLASS_SHIFT;
    static final int CLASS_BUDGET_BYTES = 256 * 1024;
    static final int MAX_PER_CLASS = 16;
    private static final byte[] EMPTY = new byte[0];

    private final byte[][][] spare;
    private final int[] spareCount;
    private final int maxClassBytes;

    EagerBufferPool(final int maxClassBytes)
    {
        this.maxClassBytes = maxClassBytes;
        final int classes = classOf(maxClassBytes) + 1;
        spare = new byte[classes][][];
        spareCount = new int[classes];
        for (int c = 0; c < classes; c++)
        {
            final int classBytes = MIN_CLASS_BYTES << c;
            spare[c] = new byte[Math.max(1, Math.min(MAX_PER_CLASS, CLASS_BUDGET_BYTES / classBytes))][];
        }
    }

    /**
     * @param lengthBytes the message length.
     * @return whether buffers of this length are pooled.
     */
    boolean pools(final int lengthBytes)
    {
        return lengthBytes <= maxClassBytes;
    }

    /**
     * @param lengthBytes at most the largest class.
     * @return an array of at least that length, recycled when one is spare.
     */
    byte[] acquire(final int lengthBytes)
    {
        if (lengthBytes == 0)
        {
            return EMPTY;
        }
        final int c = classOf(lengthBytes);
        if (spareCount[c] == 0)
        {
            return new byte[MIN_CLASS_BYTES << c];
        }
        final byte[][] stack = spare[c];
        final byte[] buffer = stack[--spareCount[c]];
        stack[spareCount[c]] = null;
        return buffer;
    }

    /**
     * @param buffer an array from {@link #acquire}; kept if its class has room.
     */
    void release(final byte[] buffer)
    {
        if (buffer.length == 0)
        {
            return;
        }
        final int c = classOf(buffer.length);
        final byte[][] stack = spare[c];
        if (spareCount[c] < stack.length && (MIN_CLASS_BYTES << c) == buffer.length)
        {
            stack[spareCount[c]++] = buffer;
        }
    }

    static int classOf(final int lengthBytes)
    {
        return lengthBytes <= MIN_CLASS_BYTES ? 0 : 32 - Integer.numberOfLeadingZeros(lengthBytes - 1) - MIN_CLASS_SHIFT;
    }
}
