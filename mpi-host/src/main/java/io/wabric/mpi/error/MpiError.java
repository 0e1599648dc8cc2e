package io.wabric.mpi.error;

/**
 * MPI error classes with their stable codes (OpenMPI's values). Part of the guest ABI: update
 * {@code guest-sdk/include/mpi.h} when changed.
 */
public enum MpiError
{
    /** No error. */
    SUCCESS(0, "MPI_SUCCESS", "no errors"),
    /** Invalid buffer pointer. */
    ERR_BUFFER(1, "MPI_ERR_BUFFER", "invalid buffer pointer"),
    /** Invalid count argument. */
    ERR_COUNT(2, "MPI_ERR_COUNT", "invalid count argument"),
    /** Invalid datatype argument. */
    ERR_TYPE(3, "MPI_ERR_TYPE", "invalid datatype"),
    /** Invalid tag argument. */
    ERR_TAG(4, "MPI_ERR_TAG", "invalid tag"),
    /** Invalid communicator. */
    ERR_COMM(5, "MPI_ERR_COMM", "invalid communicator"),
    /** Invalid rank. */
    ERR_RANK(6, "MPI_ERR_RANK", "invalid rank"),
    /** Invalid request handle. */
    ERR_REQUEST(7, "MPI_ERR_REQUEST", "invalid request"),
    /** Invalid root. */
    ERR_ROOT(8, "MPI_ERR_ROOT", "invalid root"),
    /** Invalid group. */
    ERR_GROUP(9, "MPI_ERR_GROUP", "invalid group"),
    /** Invalid operation. */
    ERR_OP(10, "MPI_ERR_OP", "invalid reduce operation"),
    /** Invalid topology. */
    ERR_TOPOLOGY(11, "MPI_ERR_TOPOLOGY", "invalid communicator topology"),
    /** Invalid dimensions. */
    ERR_DIMS(12, "MPI_ERR_DIMS", "invalid topology dimension argument"),
    /** Invalid argument of another kind. */
    ERR_ARG(13, "MPI_ERR_ARG", "invalid argument of some other kind"),
    /** Unknown error. */
    ERR_UNKNOWN(14, "MPI_ERR_UNKNOWN", "unknown error"),
    /** Message truncated on receive. */
    ERR_TRUNCATE(15, "MPI_ERR_TRUNCATE", "message truncated"),
    /** Known error not in this list. */
    ERR_OTHER(16, "MPI_ERR_OTHER", "known error not in list"),
    /** Internal MPI error. */
    ERR_INTERN(17, "MPI_ERR_INTERN", "internal error"),
    /** Error code is in status. */
    ERR_IN_STATUS(18, "MPI_ERR_IN_STATUS", "error code is in status"),
    /** Pending request. */
    ERR_PENDING(19, "MPI_ERR_PENDING", "pending request"),
    /** Invalid assert argument (one-sided). */
    ERR_ASSERT(22, "MPI_ERR_ASSERT", "invalid assert argument"),
    /** Invalid base address (one-sided). */
    ERR_BASE(24, "MPI_ERR_BASE", "invalid base"),
    /** Invalid displacement or displacement unit (one-sided). */
    ERR_DISP(26, "MPI_ERR_DISP", "invalid displacement"),
    /** Invalid info object. */
    ERR_INFO(34, "MPI_ERR_INFO", "invalid info object"),
    /** Invalid attribute key. */
    ERR_KEYVAL(36, "MPI_ERR_KEYVAL", "invalid key value"),
    /** Invalid lock type (one-sided). */
    ERR_LOCKTYPE(37, "MPI_ERR_LOCKTYPE", "invalid lock"),
    /** Out of memory. */
    ERR_NO_MEM(39, "MPI_ERR_NO_MEM", "out of memory"),
    /** Collective argument not identical on all processes. */
    ERR_NOT_SAME(40, "MPI_ERR_NOT_SAME", "collective argument not identical on all processes"),
    /** Conflicting accesses to a window. */
    ERR_RMA_CONFLICT(46, "MPI_ERR_RMA_CONFLICT", "rma conflict during operation"),
    /** Wrong synchronisation of one-sided calls. */
    ERR_RMA_SYNC(47, "MPI_ERR_RMA_SYNC", "error executing rma sync"),
    /** Invalid size argument. */
    ERR_SIZE(49, "MPI_ERR_SIZE", "invalid size"),
    /** Operation not supported. */
    ERR_UNSUPPORTED_OPERATION(52, "MPI_ERR_UNSUPPORTED_OPERATION", "unsupported operation"),
    /** Invalid window. */
    ERR_WIN(53, "MPI_ERR_WIN", "invalid window"),
    /** Target memory outside the window (one-sided). */
    ERR_RMA_RANGE(68, "MPI_ERR_RMA_RANGE", "invalid RMA address range"),
    /** Memory cannot be attached to the window. */
    ERR_RMA_ATTACH(69, "MPI_ERR_RMA_ATTACH", "Could not attach RMA segment"),
    /** The window's flavor does not allow the operation. */
    ERR_RMA_FLAVOR(70, "MPI_ERR_RMA_FLAVOR", "Invalid type of window");

    /** The largest error code, MPI_ERR_LASTCODE. */
    public static final int LAST_CODE = 92;

    private static final MpiError[] BY_CODE = new MpiError[LAST_CODE + 1];

    static
    {
        for (final MpiError error : values())
        {
            if (BY_CODE[error.code] != null)
            {
                throw new IllegalStateException("duplicate MPI error code " + error.code + ": " + error + " and " +
                    BY_CODE[error.code]);
            }
            BY_CODE[error.code] = error;
        }
    }

    private final int code;
    private final String symbol;
    private final String description;

    MpiError(final int code, final String symbol, final String description)
    {
        this.code = code;
        this.symbol = symbol;
        this.description = description;
    }

    /**
     * @return the code the guest sees.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the C name, e.g. {@code MPI_ERR_RANK}.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @return the error string MPI_Error_string gives.
     */
    public String description()
    {
        return description;
    }

    /**
     * @param code an error code.
     * @return its class, or {@code null} when the code is not one of ours.
     */
    public static MpiError of(final int code)
    {
        return code >= 0 && code <= LAST_CODE ? BY_CODE[code] : null;
    }
}
