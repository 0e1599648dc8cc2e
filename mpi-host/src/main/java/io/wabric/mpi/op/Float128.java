package io.wabric.mpi.op;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * IEEE 754 binary128 (quad precision) arithmetic on 16 little-endian bytes, for reductions on MPI_LONG_DOUBLE:
 * clang's {@code long double} on wasm32 is binary128, and Java has no such type. Sums and products are computed
 * exactly with {@link BigInteger} and rounded once, to nearest with ties to even, into binary128 (subnormals,
 * overflow to infinity, signed zeros), so the result is the one compiler-rt's {@code __addtf3} and {@code __multf3}
 * give the guest. Zeros, infinities and NaNs take paths of their own and allocate nothing.
 *
 * <pre>
 *   bit 127   126 .. 112        111 .. 0
 *   +------+---------------+------------------------+
 *   | sign | exponent (15) | fraction (112)         |   bytes 15..8 hold bits 127..64, bytes 7..0 bits 63..0
 *   +------+---------------+------------------------+
 *   value = (-1)^sign * 1.fraction * 2^(exponent - 16383)   exponent 1..32766
 *         = (-1)^sign * 0.fraction * 2^-16382              exponent 0 (zero, subnormal)
 *   exponent 32767: infinity (fraction 0) or NaN (quiet when fraction bit 111 is set)
 * </pre>
 *
 * NaN operands propagate as compiler-rt does: the first NaN operand, made quiet; an invalid operation (inf - inf,
 * 0 * inf) gives the default NaN {@code 0x7FFF8000...0}. MAX and MIN follow Java's {@link Math#max(double, double)}
 * and {@link Math#min(double, double)}, as MPI_MAX and MPI_MIN on MPI_DOUBLE do: a NaN operand wins, and -0 is
 * below +0.
 */
public final class Float128
{
    /** Bytes of one value. */
    public static final int BYTES = 16;
    /** What {@link #compare} returns when either operand is NaN. */
    public static final int UNORDERED = Integer.MIN_VALUE;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FRACTION_BITS = 112;
    private static final int SIGNIFICAND_BITS = FRACTION_BITS + 1;
    private static final int MAX_EXPONENT = 0x7FFF;
    private static final int BIAS = 16383;
    /** Weight of a significand's last bit for exponent fields 0 and 1: 2^-16494. */
    private static final int MIN_QUANTUM = 1 - BIAS - FRACTION_BITS;
    /** An addend this many bits of weight below the other counts only as a sticky bit (see sum). */
    private static final int STICKY_DISTANCE = 120;
    private static final long SIGN = 0x8000_0000_0000_0000L;
    private static final long HIGH_FRACTION = 0x0000_FFFF_FFFF_FFFFL;
    private static final long IMPLICIT_BIT = 0x0001_0000_0000_0000L;
    private static final long QUIET_BIT = 0x0000_8000_0000_0000L;
    private static final long INFINITY_HIGH = 0x7FFF_0000_0000_0000L;
    private static final long DEFAULT_NAN_HIGH = 0x7FFF_8000_0000_0000L;

    private Float128()
    {
    }

    /**
     * {@code result = a op b}: for MPI_SUM and MPI_PROD the sum or product rounded to nearest, ties to even; for
     * MPI_MAX and MPI_MIN a NaN operand (the first of two) as it is, else the larger or smaller, -0 below +0. The
     * result may overlap either operand.
     *
     * @param op           MPI_SUM, MPI_PROD, MPI_MAX or MPI_MIN.
     * @param a            first operand's array.
     * @param aOffset      its first byte.
     * @param b            second operand's array.
     * @param bOffset      its first byte.
     * @param result       array for the result.
     * @param resultOffset its first byte.
     */
    public static void combine(
        final PredefinedOp op, final byte[] a, final int aOffset, final byte[] b, final int bOffset,
        final byte[] result, final int resultOffset)
    {
        final long aHigh = high(a, aOffset);
        final long aLow = low(a, aOffset);
        final long bHigh = high(b, bOffset);
        final long bLow = low(b, bOffset);
        switch (op)
        {
            case SUM:
                sum(aHigh, aLow, bHigh, bLow, result, resultOffset);
                break;
            case PROD:
                product(aHigh, aLow, bHigh, bLow, result, resultOffset);
                break;
            case MAX:
            case MIN:
                select(aHigh, aLow, bHigh, bLow, result, resultOffset, op == PredefinedOp.MAX);
                break;
            default:
                throw new IllegalStateException("op " + op + " on binary128");
        }
    }

    private static void sum(
        final long aHigh, final long aLow, final long bHigh, final long bLow, final byte[] result,
        final int resultOffset)
    {
        if (propagateNaN(aHigh, aLow, bHigh, bLow, result, resultOffset))
        {
            return;
        }
        final int aExponent = exponent(aHigh);
        final int bExponent = exponent(bHigh);
        if (aExponent == MAX_EXPONENT)
        {
            final boolean invalid = bExponent == MAX_EXPONENT && (aHigh ^ bHigh) < 0;
            put(result, resultOffset, invalid ? DEFAULT_NAN_HIGH : aHigh, invalid ? 0 : aLow);
            return;
        }
        if (bExponent == MAX_EXPONENT || isZero(aHigh, aLow))
        {
            // x + 0 is x exactly; +0 + -0 is +0 and -0 + -0 is -0 under round to nearest
            put(result, resultOffset, isZero(bHigh, bLow) ? aHigh & bHigh : bHigh, bLow);
            return;
        }
        if (isZero(bHigh, bLow))
        {
            put(result, resultOffset, aHigh, aLow);
            return;
        }
        BigInteger aSignificand = significand(aHigh, aLow, aExponent);
        BigInteger bSignificand = significand(bHigh, bLow, bExponent);
        int aQuantum = quantum(aExponent);
        int bQuantum = quantum(bExponent);
        // A finite operand far below a normal one (both under 2^(q-7) for the larger's quantum q) can only push the
        // exact sum off a representable value by less than a quarter of the result's last place: any such value,
        // here 2^(q-120), rounds alike, and keeps the shifts below short.
        if (aQuantum - bQuantum > STICKY_DISTANCE)
        {
            bSignificand = BigInteger.ONE;
            bQuantum = aQuantum - STICKY_DISTANCE;
        }
        else if (bQuantum - aQuantum > STICKY_DISTANCE)
        {
            aSignificand = BigInteger.ONE;
            aQuantum = bQuantum - STICKY_DISTANCE;
        }
        final int quantum = Math.min(aQuantum, bQuantum);
        aSignificand = aSignificand.shiftLeft(aQuantum - quantum);
        bSignificand = bSignificand.shiftLeft(bQuantum - quantum);
        final BigInteger exact = aHigh < 0 == bHigh < 0 ? aSignificand.add(bSignificand) :
            aSignificand.subtract(bSignificand);
        if (exact.signum() == 0)
        {
            put(result, resultOffset, 0, 0);
            return;
        }
        final long sign = (exact.signum() < 0 ? ~aHigh : aHigh) & SIGN;
        round(sign, exact.abs(), quantum, result, resultOffset);
    }

    private static void product(
        final long aHigh, final long aLow, final long bHigh, final long bLow, final byte[] result,
        final int resultOffset)
    {
        if (propagateNaN(aHigh, aLow, bHigh, bLow, result, resultOffset))
        {
            return;
        }
        final long sign = (aHigh ^ bHigh) & SIGN;
        final int aExponent = exponent(aHigh);
        final int bExponent = exponent(bHigh);
        final boolean zero = isZero(aHigh, aLow) || isZero(bHigh, bLow);
        if (aExponent == MAX_EXPONENT || bExponent == MAX_EXPONENT)
        {
            put(result, resultOffset, zero ? DEFAULT_NAN_HIGH : sign | INFINITY_HIGH, 0);
            return;
        }
        if (zero)
        {
            put(result, resultOffset, sign, 0);
            return;
        }
        round(sign, significand(aHigh, aLow, aExponent).multiply(significand(bHigh, bLow, bExponent)),
            quantum(aExponent) + quantum(bExponent), result, resultOffset);
    }

    /**
     * Compares as {@code double}'s {@code <}, {@code ==} and {@code >} do, for MAXLOC and MINLOC: -0 equals +0 and
     * a NaN is unordered.
     *
     * @param a       first operand's array.
     * @param aOffset its first byte.
     * @param b       second operand's array.
     * @param bOffset its first byte.
     * @return -1, 0 or 1 as a is below, equal to or above b; {@link #UNORDERED} when either is NaN.
     */
    public static int compare(final byte[] a, final int aOffset, final byte[] b, final int bOffset)
    {
        final long aHigh = high(a, aOffset);
        final long aLow = low(a, aOffset);
        final long bHigh = high(b, bOffset);
        final long bLow = low(b, bOffset);
        if (isNaN(aHigh, aLow) || isNaN(bHigh, bLow))
        {
            return UNORDERED;
        }
        return isZero(aHigh, aLow) && isZero(bHigh, bLow) ? 0 : orderedCompare(aHigh, aLow, bHigh, bLow);
    }

    /**
     * The exact value, for tests and messages.
     *
     * @param array  holding the value.
     * @param offset its first byte.
     * @return the value exactly, without trailing zeros (a zero of either sign is {@link BigDecimal#ZERO}).
     * @throws ArithmeticException for an infinity or a NaN.
     */
    public static BigDecimal toBigDecimal(final byte[] array, final int offset)
    {
        final long high = high(array, offset);
        final long low = low(array, offset);
        final int exponent = exponent(high);
        if (exponent == MAX_EXPONENT)
        {
            throw new ArithmeticException("binary128 0x" + Long.toHexString(high) + String.format("%016x", low) +
                " is " + (isNaN(high, low) ? "NaN" : "infinite") + ": it has no decimal value");
        }
        BigInteger significand = significand(high, low, exponent);
        if (high < 0)
        {
            significand = significand.negate();
        }
        final int quantum = quantum(exponent);
        // 2^-k = 5^k / 10^k, so the scaled value is exact
        final BigDecimal value = quantum >= 0 ? new BigDecimal(significand.shiftLeft(quantum)) :
            new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-quantum)), -quantum);
        return value.stripTrailingZeros();
    }

    private static void select(
        final long aHigh, final long aLow, final long bHigh, final long bLow, final byte[] result,
        final int resultOffset, final boolean max)
    {
        final boolean takeA;
        if (isNaN(aHigh, aLow) || isNaN(bHigh, bLow))
        {
            takeA = isNaN(aHigh, aLow);
        }
        else
        {
            final int order = orderedCompare(aHigh, aLow, bHigh, bLow);
            takeA = max ? order >= 0 : order <= 0;
        }
        put(result, resultOffset, takeA ? aHigh : bHigh, takeA ? aLow : bLow);
    }

    /**
     * Orders non-NaN values, -0 below +0: flipping the magnitude bits of negatives turns sign-magnitude into a
     * two's complement 128-bit integer.
     */
    private static int orderedCompare(final long aHigh, final long aLow, final long bHigh, final long bLow)
    {
        final long aKeyHigh = aHigh < 0 ? aHigh ^ Long.MAX_VALUE : aHigh;
        final long aKeyLow = aHigh < 0 ? ~aLow : aLow;
        final long bKeyHigh = bHigh < 0 ? bHigh ^ Long.MAX_VALUE : bHigh;
        final long bKeyLow = bHigh < 0 ? ~bLow : bLow;
        return aKeyHigh != bKeyHigh ? Long.compare(aKeyHigh, bKeyHigh) : Long.compareUnsigned(aKeyLow, bKeyLow);
    }

    private static boolean propagateNaN(
        final long aHigh, final long aLow, final long bHigh, final long bLow, final byte[] result,
        final int resultOffset)
    {
        if (isNaN(aHigh, aLow))
        {
            put(result, resultOffset, aHigh | QUIET_BIT, aLow);
            return true;
        }
        if (isNaN(bHigh, bLow))
        {
            put(result, resultOffset, bHigh | QUIET_BIT, bLow);
            return true;
        }
        return false;
    }

    /**
     * Writes {@code sign * magnitude * 2^weight} rounded to nearest, ties to even.
     *
     * @param sign      the sign bit in place.
     * @param magnitude exact value's magnitude, positive.
     * @param weight    power of two of magnitude's last bit.
     */
    private static void round(
        final long sign, final BigInteger magnitude, final int weight, final byte[] result, final int resultOffset)
    {
        final int length = magnitude.bitLength();
        int quantum = Math.max(weight + length - SIGNIFICAND_BITS, MIN_QUANTUM);
        BigInteger kept;
        if (quantum <= weight)
        {
            kept = magnitude.shiftLeft(weight - quantum);
        }
        else
        {
            final int shift = quantum - weight;
            if (shift > length)
            {
                kept = BigInteger.ZERO; // below half the least subnormal
            }
            else
            {
                kept = magnitude.shiftRight(shift);
                final boolean half = magnitude.testBit(shift - 1);
                if (half && (magnitude.getLowestSetBit() < shift - 1 || kept.testBit(0)))
                {
                    kept = kept.add(BigInteger.ONE);
                    if (kept.bitLength() > SIGNIFICAND_BITS)
                    {
                        kept = kept.shiftRight(1);
                        quantum++;
                    }
                }
            }
        }
        final long keptHigh = kept.shiftRight(Long.SIZE).longValue();
        if (keptHigh < IMPLICIT_BIT)
        {
            put(result, resultOffset, sign | keptHigh, kept.longValue()); // subnormal or zero
            return;
        }
        final long exponent = quantum - MIN_QUANTUM + 1;
        if (exponent >= MAX_EXPONENT)
        {
            put(result, resultOffset, sign | INFINITY_HIGH, 0);
            return;
        }
        put(result, resultOffset, sign | (exponent << FRACTION_BITS - Long.SIZE) | (keptHigh & HIGH_FRACTION),
            kept.longValue());
    }

    private static BigInteger significand(final long high, final long low, final int exponent)
    {
        final long top = (high & HIGH_FRACTION) | (exponent == 0 ? 0 : IMPLICIT_BIT);
        final BigInteger lowBits = low >= 0 ? BigInteger.valueOf(low) :
            BigInteger.valueOf(low >>> 1).shiftLeft(1).or(BigInteger.valueOf(low & 1));
        return top == 0 ? lowBits : BigInteger.valueOf(top).shiftLeft(Long.SIZE).or(lowBits);
    }

    private static int quantum(final int exponent)
    {
        return exponent == 0 ? MIN_QUANTUM : exponent - 1 + MIN_QUANTUM;
    }

    private static int exponent(final long high)
    {
        return (int)(high >>> FRACTION_BITS - Long.SIZE) & MAX_EXPONENT;
    }

    private static boolean isZero(final long high, final long low)
    {
        return ((high & ~SIGN) | low) == 0;
    }

    private static boolean isNaN(final long high, final long low)
    {
        return exponent(high) == MAX_EXPONENT && ((high & HIGH_FRACTION) | low) != 0;
    }

    private static long high(final byte[] array, final int offset)
    {
        return (long)LONG.get(array, offset + Long.BYTES);
    }

    private static long low(final byte[] array, final int offset)
    {
        return (long)LONG.get(array, offset);
    }

    private static void put(final byte[] array, final int offset, final long high, final long low)
    {
        LONG.set(array, offset, low);
        LONG.set(array, offset + Long.BYTES, high);
    }
}
