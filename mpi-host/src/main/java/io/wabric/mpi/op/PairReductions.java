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
            final double av = value(primitive, in, a);
            final double bv = value(primitive, inout, b);
            final int ai = Reductions.intAt(in, a + valueBytes);
            final int bi = Reductions.intAt(inout, b + valueBytes);
            final boolean takeIn;
            if (av == bv)
            {
                takeIn = ai < bi;
            }
            else
            {
                takeIn = op == PredefinedOp.MAXLOC ? av > bv : av < bv;
            }
            if (takeIn)
            {
                System.arraycopy(in, a, inout, b, stride);
            }
        }
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
