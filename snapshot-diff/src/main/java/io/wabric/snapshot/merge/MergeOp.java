package io.wabric.snapshot.merge;

/**
 * How forks' changes to a region combine. Part of the guest ABI ({@code __faasm_sm_reduce}'s op argument): update
 * {@code guest-sdk/include/faasm/core.h} when changed.
 */
public enum MergeOp
{
    /** Byte-wise: disjoint writes all land, different writes to one byte conflict. */
    OVERWRITE(0),
    /** Every fork's change {@code new - base} is added. */
    SUM(1),
    /** Every fork's change is applied; the same result as {@link #SUM}, named for {@code x -= v} reductions. */
    SUBTRACT(2),
    /** Every fork's factor is applied; exact on integers (modular arithmetic, no division). */
    PRODUCT(3),
    /** The largest of the forks' values; NaN wins, {@code -0.0 < 0.0}. */
    MAX(4),
    /** The smallest of the forks' values; NaN wins, {@code -0.0 < 0.0}. */
    MIN(5),
    /** Forks' changes are dropped; the region keeps the base's bytes. */
    IGNORE(6);

    private static final MergeOp[] BY_CODE = new MergeOp[values().length];

    static
    {
        for (final MergeOp op : values())
        {
            if (BY_CODE[op.code] != null)
            {
                throw new IllegalStateException("duplicate MergeOp code " + op.code);
            }
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    MergeOp(final int code)
    {
        this.code = code;
    }

    /**
     * @return the stable code the guest passes.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a guest-supplied code.
     * @return the op, or {@code null} for an unknown code.
     */
    public static MergeOp of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
