package io.wabric.mpi.p2p;

/**
 * The wildcard values of matching. Part of the guest ABI: they equal mpi.h's.
 */
public final class MatchRules
{
    /** MPI_ANY_SOURCE. */
    public static final int ANY_SOURCE = -1;
    /** MPI_ANY_TAG; it matches only tags >= 0, never the negative tags of internal traffic. */
    public static final int ANY_TAG = -1;
    /** MPI_PROC_NULL. */
    public static final int PROC_NULL = -2;
    /** Largest user tag, MPI_TAG_UB. */
    public static final int TAG_UB = Integer.MAX_VALUE;
    /** Sends of up to this many bytes are copied into the receiver's mailbox and complete at once. */
    public static final int EAGER_LIMIT_BYTES = 64 * 1024;

    private MatchRules()
    {
    }
}
