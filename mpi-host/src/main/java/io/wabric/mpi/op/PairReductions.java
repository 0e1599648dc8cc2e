package io.wabric.mpi.op;

import io.wabric.mpi.datatype.Primitive;

/**
 * MAXLOC and MINLOC on packed (value, int index) pairs: the extreme value, and on ties the lower index.
 */
final class PairReductions
{
    private PairReductions()
    {
    }

    static void apply(
        final PredefinedOp op,
        final Primitive primitive,
        final byte[] in,
        final int inOffset,
        final byte[] inout,
        final int ioOffset,
        final int count)
    {
        final int stride = primitive.packedBytes();
        final int valueBytes = stride - 4;
        for (int i = 0; i < count; i++)
        {
            final int a = inOffset + i * stride;
            final int b = ioOffset + i * stride;
            final int order = compare(primitive, in, a, inout, b);
            final boolean takeIn;
            if (order == 0)
            {
                takeIn = Reductions.intAt(in, a + valueBytes) < Reductions.intAt(inout, b + valueBytes);
            }
            else
            {
                // a NaN is unordered: neither above nor below, so the inout pair stays
                takeIn = order != Float128.UNORDERED && (op == PredefinedOp.MAXLOC ? order > 0 : order < 0);
            }
            if (takeIn)
            {
                System.arraycopy(in, a, inout, b, stride);
            }
        }
    }

    /**
     * Compares the values as C does: -0 equals +0, and NaN is {@link Float128#UNORDERED} with everything.
     */
    private static int compare(
        final Primitive primitive, final byte[] in, final int inOffset, final byte[] inout, final int ioOffset)
    {
        if (primitive == Primitive.LONG_DOUBLE_INT)
        {
            return Float128.compare(in, inOffset, inout, ioOffset);
        }
        final double av = value(primitive, in, inOffset);
        final double bv = value(primitive, inout, ioOffset);
        if (av == bv)
        {
            return 0;
        }
        return av < bv ? -1 : av > bv ? 1 : Float128.UNORDERED;
    }

    private static double value(final Primitive primitive, final byte[] array, final int offset)
    {
        switch (primitive)
        {
            case FLOAT_INT:
                return Reductions.floatAt(array, offset);
            case DOUBLE_INT:
                return Reductions.doubleAt(array, offset);
            case SHORT_INT:
                return Reductions.shortAt(array, offset);
            default:
                return Reductions.intAt(array, offset);
        }
    }
}
