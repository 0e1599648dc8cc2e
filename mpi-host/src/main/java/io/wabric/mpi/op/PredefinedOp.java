package io.wabric.mpi.op;

/**
 * The predefined reduction operations under their mpi.h handles. Part of the guest ABI.
 */
public enum PredefinedOp
{
    /** Maximum. */
    MAX(1, "MPI_MAX"),
    /** Minimum. */
    MIN(2, "MPI_MIN"),
    /** Sum. */
    SUM(3, "MPI_SUM"),
    /** Product. */
    PROD(4, "MPI_PROD"),
    /** Logical and. */
    LAND(5, "MPI_LAND"),
    /** Bitwise and. */
    BAND(6, "MPI_BAND"),
    /** Logical or. */
    LOR(7, "MPI_LOR"),
    /** Bitwise or. */
    BOR(8, "MPI_BOR"),
    /** Logical exclusive or. */
    LXOR(9, "MPI_LXOR"),
    /** Bitwise exclusive or. */
    BXOR(10, "MPI_BXOR"),
    /** Minimum value and the lowest index holding it. */
    MINLOC(11, "MPI_MINLOC"),
    /** Maximum value and the lowest index holding it. */
    MAXLOC(12, "MPI_MAXLOC"),
    /** Keep the incoming value (one-sided accumulate). */
    REPLACE(13, "MPI_REPLACE"),
    /** Keep the target value (one-sided accumulate). */
    NO_OP(14, "MPI_NO_OP");

    /** Handles below this are predefined; user ops get handles from here on. */
    public static final int FIRST_USER_HANDLE = 32;

    private static final PredefinedOp[] BY_HANDLE = new PredefinedOp[FIRST_USER_HANDLE];

    static
    {
        for (final PredefinedOp op : values())
        {
            if (BY_HANDLE[op.handle] != null)
            {
                throw new IllegalStateException("duplicate op handle " + op.handle);
            }
            BY_HANDLE[op.handle] = op;
        }
    }

    private final int handle;
    private final String symbol;

    PredefinedOp(final int handle, final String symbol)
    {
        this.handle = handle;
        this.symbol = symbol;
    }

    /**
     * @return the mpi.h handle.
     */
    public int handle()
    {
        return handle;
    }

    /**
     * @return the C name.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @param handle an op handle.
     * @return the predefined op, or {@code null}.
     */
    public static PredefinedOp of(final int handle)
    {
        return handle > 0 && handle < FIRST_USER_HANDLE ? BY_HANDLE[handle] : null;
    }
}
