package io.wabric.mpi.op;

import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Applies predefined operations to packed little-endian elements: {@code inout[i] = in[i] op inout[i]}.
 */
public final class Reductions
{
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class,
        ByteOrder.LITTLE_ENDIAN);

    private Reductions()
    {
    }

    /**
     * Checks that an operation is defined for an element type, as MPI-3.1 section 5.9.2 lists.
     *
     * @param op        the operation.
     * @param primitive the element type, {@code null} for mixed types.
     * @param call      the MPI call, for the message.
     * @param typeName  the datatype's name, for the message.
     */
    public static void check(final PredefinedOp op, final Primitive primitive, final String call, final String typeName)
    {
        if (!supports(op, primitive))
        {
            throw new MpiException(MpiError.ERR_OP, op.symbol() + " is not defined for datatype " +
                typeName + "; use a type of the kind MPI-3.1 section 5.9.2 allows for it");
        }
    }

    static boolean supports(final PredefinedOp op, final Primitive primitive)
    {
        if (primitive == null)
        {
            return op == PredefinedOp.REPLACE || op == PredefinedOp.NO_OP;
        }
        final Primitive.Kind kind = primitive.kind();
        switch (op)
        {
            case MAX:
            case MIN:
                return primitive.isInteger() || kind == Primitive.Kind.FLOAT;
            case SUM:
            case PROD:
                return primitive.isInteger() || kind == Primitive.Kind.FLOAT || kind == Primitive.Kind.COMPLEX;
            case LAND:
            case LOR:
            case LXOR:
                return primitive.isInteger() || kind == Primitive.Kind.LOGICAL;
            case BAND:
            case BOR:
            case BXOR:
                return primitive.isInteger() || kind == Primitive.Kind.OPAQUE && primitive == Primitive.OPAQUE;
            case MINLOC:
            case MAXLOC:
                return kind == Primitive.Kind.PAIR;
            default:
                return true;
        }
    }

    /**
     * {@code inout = in op inout} element by element.
     *
     * @param op        the operation.
     * @param primitive the element type.
     * @param in        first operand array.
     * @param inOffset  first operand's first byte.
     * @param inout     second operand and result.
     * @param ioOffset  its first byte.
     * @param count     elements.
     */
    public static void apply(
        final PredefinedOp op,
        final Primitive primitive,
        final byte[] in,
        final int inOffset,
        final byte[] inout,
        final int ioOffset,
        final int count)
    {
        if (op == PredefinedOp.NO_OP)
        {
            return;
        }
        if (op == PredefinedOp.REPLACE)
        {
            System.arraycopy(in, inOffset, inout, ioOffset, count * primitive.packedBytes());
            return;
        }
        switch (primitive)
        {
            case INT8:
            case UINT8:
            case BOOL:
            case OPAQUE:
                for (int i = 0; i < count; i++)
                {
                    final long a = primitive == Primitive.INT8 ? in[inOffset + i] : in[inOffset + i] & 0xFF;
                    final long b = primitive == Primitive.INT8 ? inout[ioOffset + i] : inout[ioOffset + i] & 0xFF;
                    inout[ioOffset + i] = (byte)integer(op, a, b, primitive != Primitive.INT8);
                }
                break;
            case INT16:
            case UINT16:
                for (int i = 0; i < count; i++)
                {
                    final int at = i * 2;
                    final short a = (short)SHORT.get(in, inOffset + at);
                    final short b = (short)SHORT.get(inout, ioOffset + at);
                    final boolean unsigned = primitive == Primitive.UINT16;
                    SHORT.set(inout, ioOffset + at, (short)integer(op, unsigned ? a & 0xFFFF : a,
                        unsigned ? b & 0xFFFF : b, unsigned));
                }
                break;
            case INT32:
            case UINT32:
                for (int i = 0; i < count; i++)
                {
                    final int at = i * 4;
                    final int a = (int)INT.get(in, inOffset + at);
                    final int b = (int)INT.get(inout, ioOffset + at);
                    final boolean unsigned = primitive == Primitive.UINT32;
                    INT.set(inout, ioOffset + at, (int)integer(op, unsigned ? a & 0xFFFFFFFFL : a,
                        unsigned ? b & 0xFFFFFFFFL : b, unsigned));
                }
                break;
            case INT64:
            case UINT64:
                for (int i = 0; i < count; i++)
                {
                    final int at = i * 8;
                    LONG.set(inout, ioOffset + at, integer64(op, (long)LONG.get(in, inOffset + at),
                        (long)LONG.get(inout, ioOffset + at), primitive == Primitive.UINT64));
                }
                break;
            case FLOAT32:
                for (int i = 0; i < count; i++)
                {
                    final int at = i * 4;
                    FLOAT.set(inout, ioOffset + at, (float)floating(op, (float)FLOAT.get(in, inOffset + at),
                        (float)FLOAT.get(inout, ioOffset + at)));
                }
                break;
            case FLOAT64:
                applyDoubles(op, in, inOffset, inout, ioOffset, count);
                break;
            case FLOAT128:
                applyQuads(op, in, inOffset, inout, ioOffset, count);
                break;
            case COMPLEX64:
            case COMPLEX128:
                complex(op, primitive, in, inOffset, inout, ioOffset, count);
                break;
            default:
                PairReductions.apply(op, primitive, in, inOffset, inout, ioOffset, count);
                break;
        }
    }

    private static void applyDoubles(
        final PredefinedOp op, final byte[] in, final int inOffset, final byte[] inout, final int ioOffset,
        final int count)
    {
        if (op == PredefinedOp.SUM)
        {
            for (int i = 0; i < count; i++)
            {
                final int at = i * 8;
                DOUBLE.set(inout, ioOffset + at,
                    (double)DOUBLE.get(in, inOffset + at) + (double)DOUBLE.get(inout, ioOffset + at));
            }
            return;
        }
        for (int i = 0; i < count; i++)
        {
            final int at = i * 8;
            DOUBLE.set(inout, ioOffset + at, floating(op, (double)DOUBLE.get(in, inOffset + at),
                (double)DOUBLE.get(inout, ioOffset + at)));
        }
    }

    private static void applyQuads(
        final PredefinedOp op, final byte[] in, final int inOffset, final byte[] inout, final int ioOffset,
        final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int a = inOffset + i * Float128.BYTES;
            final int b = ioOffset + i * Float128.BYTES;
            Float128.combine(op, in, a, inout, b, inout, b);
        }
    }

    private static long integer(final PredefinedOp op, final long a, final long b, final boolean unsigned)
    {
        switch (op)
        {
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case SUM:
                return a + b;
            case PROD:
                return a * b;
            case LAND:
                return a != 0 && b != 0 ? 1 : 0;
            case LOR:
                return a != 0 || b != 0 ? 1 : 0;
            case LXOR:
                return (a != 0) != (b != 0) ? 1 : 0;
            case BAND:
                return a & b;
            case BOR:
                return a | b;
            case BXOR:
                return a ^ b;
            default:
                throw new IllegalStateException("op " + op + " on integers");
        }
    }

    private static long integer64(final PredefinedOp op, final long a, final long b, final boolean unsigned)
    {
        switch (op)
        {
            case MAX:
                return unsigned ? (Long.compareUnsigned(a, b) >= 0 ? a : b) : Math.max(a, b);
            case MIN:
                return unsigned ? (Long.compareUnsigned(a, b) <= 0 ? a : b) : Math.min(a, b);
            default:
                return integer(op, a, b, unsigned);
        }
    }

    private static double floating(final PredefinedOp op, final double a, final double b)
    {
        switch (op)
        {
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case SUM:
                return a + b;
            case PROD:
                return a * b;
            default:
                throw new IllegalStateException("op " + op + " on floating point");
        }
    }

    private static void complex(
        final PredefinedOp op, final Primitive primitive, final byte[] in, final int inOffset, final byte[] inout,
        final int ioOffset, final int count)
    {
        final boolean single = primitive == Primitive.COMPLEX64;
        final int half = single ? 4 : 8;
        for (int i = 0; i < count; i++)
        {
            final int a = inOffset + i * 2 * half;
            final int b = ioOffset + i * 2 * half;
            final double ar = single ? (float)FLOAT.get(in, a) : (double)DOUBLE.get(in, a);
            final double ai = single ? (float)FLOAT.get(in, a + half) : (double)DOUBLE.get(in, a + half);
            final double br = single ? (float)FLOAT.get(inout, b) : (double)DOUBLE.get(inout, b);
            final double bi = single ? (float)FLOAT.get(inout, b + half) : (double)DOUBLE.get(inout, b + half);
            final double re = op == PredefinedOp.SUM ? ar + br : ar * br - ai * bi;
            final double im = op == PredefinedOp.SUM ? ai + bi : ar * bi + ai * br;
            if (single)
            {
                FLOAT.set(inout, b, (float)re);
                FLOAT.set(inout, b + half, (float)im);
            }
            else
            {
                DOUBLE.set(inout, b, re);
                DOUBLE.set(inout, b + half, im);
            }
        }
    }

    static float floatAt(final byte[] array, final int offset)
    {
        return (float)FLOAT.get(array, offset);
    }

    static double doubleAt(final byte[] array, final int offset)
    {
        return (double)DOUBLE.get(array, offset);
    }

    static int intAt(final byte[] array, final int offset)
    {
        return (int)INT.get(array, offset);
    }

    static short shortAt(final byte[] array, final int offset)
    {
        return (short)SHORT.get(array, offset);
    }
}
