package io.wabric.snapshot.merge;

/**
 * A range of memory whose forks' changes combine by an operation on typed values, as Faasm's
 * {@code FAASM_REDUCE(var, type, op)} declares. Immutable.
 */
public final class MergeRegion
{
    private final int offset;
    private final int length;
    private final DataType type;
    private final MergeOp op;

    /**
     * @param offset where the region starts in memory.
     * @param length its length in bytes, a positive multiple of the type's width.
     * @param type   the values' type; {@link DataType#RAW} only with {@link MergeOp#OVERWRITE} or
     *               {@link MergeOp#IGNORE}.
     * @param op     how forks' changes combine.
     */
    public MergeRegion(final int offset, final int length, final DataType type, final MergeOp op)
    {
        if (offset < 0 || length <= 0 || length % type.widthBytes() != 0)
        {
            throw new IllegalArgumentException("merge region offset=" + offset + " length=" + length + " type=" + type +
                ": offset must be >= 0 and length a positive multiple of " + type.widthBytes());
        }
        if (type == DataType.RAW && op != MergeOp.OVERWRITE && op != MergeOp.IGNORE)
        {
            throw new IllegalArgumentException("merge region at offset " + offset + ": op " + op + " needs a numeric " +
                "type (INT, LONG, FLOAT, DOUBLE); RAW regions only OVERWRITE or IGNORE");
        }
        this.offset = offset;
        this.length = length;
        this.type = type;
        this.op = op;
    }

    /**
     * @return where the region starts.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @return its length in bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * @return one past its last byte.
     */
    public long end()
    {
        return (long)offset + length;
    }

    /**
     * @return the values' type.
     */
    public DataType type()
    {
        return type;
    }

    /**
     * @return how forks' changes combine.
     */
    public MergeOp op()
    {
        return op;
    }

    boolean isByteWise()
    {
        return op == MergeOp.OVERWRITE;
    }

    @Override
    public boolean equals(final Object other)
    {
        if (!(other instanceof MergeRegion))
        {
            return false;
        }
        final MergeRegion that = (MergeRegion)other;
        return offset == that.offset && length == that.length && type == that.type && op == that.op;
    }

    @Override
    public int hashCode()
    {
        return ((offset * 31 + length) * 31 + type.ordinal()) * 31 + op.ordinal();
    }

    @Override
    public String toString()
    {
        return "MergeRegion{offset=" + offset + ", length=" + length + ", " + type + ", " + op + "}";
    }
}
