package io.wabric.mpi.op;

import io.wabric.mpi.datatype.Datatypes;
import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary128 arithmetic against gcc's {@code __float128}, and MPI_LONG_DOUBLE(_INT) reductions.
 */
final class Float128Test
{
    private static final String ONE = "3fff0000000000000000000000000000";
    private static final String MINUS_ONE = "bfff0000000000000000000000000000";
    private static final String TWO = "40000000000000000000000000000000";
    private static final String THREE = "40008000000000000000000000000000";
    private static final String ZERO = "00000000000000000000000000000000";
    private static final String MINUS_ZERO = "80000000000000000000000000000000";
    private static final String INFINITY = "7fff0000000000000000000000000000";
    private static final String MINUS_INFINITY = "ffff0000000000000000000000000000";
    private static final String DEFAULT_NAN = "7fff8000000000000000000000000000";
    private static final String QUIET_NAN = "7fff8000000000000000000000000007";
    private static final String LEAST_SUBNORMAL = "00000000000000000000000000000001";
    private static final String LARGEST_FINITE = "7ffeffffffffffffffffffffffffffff";

    /**
     * The vectors in {@code float128-vectors.txt} were written by {@code float128-vectors.c} beside it (gcc 12's
     * {@code __float128} on x86-64, libgcc soft-fp): each line holds a, b, a + b and a * b. Where gcc gives a NaN
     * only NaN-ness is compared: soft-fp on x86 makes its default NaN negative, compiler-rt (the guest's) positive.
     */
    @Test
    void shouldMatchGccFloat128ForEveryVector() throws IOException
    {
        int lines = 0;
        try (InputStream stream = Float128Test.class.getResourceAsStream("float128-vectors.txt"))
        {
            assertNotNull(stream, "float128-vectors.txt on the test class path");
            final BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                final String[] fields = line.trim().split(" ");
                final byte[] a = quad(fields[0]);
                final byte[] b = quad(fields[1]);
                final byte[] result = new byte[Float128.BYTES];
                Float128.combine(PredefinedOp.SUM, a, 0, b, 0, result, 0);
                assertSame(fields[2], result, line + " (sum)");
                Float128.combine(PredefinedOp.PROD, a, 0, b, 0, result, 0);
                assertSame(fields[3], result, line + " (product)");
                lines++;
            }
        }
        assertEquals(756, lines);
    }

    @Test
    void shouldAddAndMultiplyExactly()
    {
        assertEquals(THREE, sum(ONE, TWO));
        assertEquals(ZERO, sum(ONE, MINUS_ONE));
        assertEquals(TWO, product(ONE, TWO));
        assertEquals(new BigDecimal("-0.1875"), decimal(product(hexOf(-0.25), hexOf(0.75))));
        assertEquals(BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(16494)), decimal(LEAST_SUBNORMAL));
    }

    @Test
    void shouldRoundTiesToEven()
    {
        final String halfUlpOfOne = "3f8e0000000000000000000000000000"; // 2^-113
        final String oneAndUlp = "3fff0000000000000000000000000001"; // 1 + 2^-112
        assertEquals(ONE, sum(ONE, halfUlpOfOne));
        assertEquals("3fff0000000000000000000000000002", sum(oneAndUlp, halfUlpOfOne));
        assertEquals(oneAndUlp, sum(ONE, "3f8e0000000000000000000000000001")); // just above the tie
        // (1 + 2^-112)^2 = 1 + 2^-111 + 2^-224: above the tie below 1 + 2^-111, so it stays there
        assertEquals("3fff0000000000000000000000000002", product(oneAndUlp, oneAndUlp));
    }

    @Test
    void shouldKeepSubnormalsAndUnderflowToSignedZero()
    {
        assertEquals("00000000000000000000000000000002", sum(LEAST_SUBNORMAL, LEAST_SUBNORMAL));
        assertEquals(ZERO, product(LEAST_SUBNORMAL, "3ffe0000000000000000000000000000")); // half: tie to 0
        assertEquals(LEAST_SUBNORMAL, product(LEAST_SUBNORMAL, "3ffe8000000000000000000000000000")); // 0.75
        assertEquals(MINUS_ZERO, product("80000000000000000000000000000001", "3ffd0000000000000000000000000000"));
        // largest subnormal + least subnormal = least normal
        assertEquals("00010000000000000000000000000000", sum("0000ffffffffffffffffffffffffffff", LEAST_SUBNORMAL));
    }

    @Test
    void shouldOverflowToInfinity()
    {
        assertEquals(INFINITY, sum(LARGEST_FINITE, LARGEST_FINITE));
        assertEquals(MINUS_INFINITY, product(LARGEST_FINITE, "c0000000000000000000000000000000"));
        assertEquals(LARGEST_FINITE, sum(LARGEST_FINITE, ONE));
    }

    @Test
    void shouldFollowIeeeForZerosInfinitiesAndNaNs()
    {
        assertEquals(ZERO, sum(ZERO, MINUS_ZERO));
        assertEquals(MINUS_ZERO, sum(MINUS_ZERO, MINUS_ZERO));
        assertEquals(ZERO, sum(TWO, "c0000000000000000000000000000000"));
        assertEquals(MINUS_ZERO, product(MINUS_ZERO, TWO));
        assertEquals(INFINITY, sum(INFINITY, LARGEST_FINITE));
        assertEquals(MINUS_INFINITY, sum(ONE, MINUS_INFINITY));
        assertEquals(DEFAULT_NAN, sum(INFINITY, MINUS_INFINITY));
        assertEquals(DEFAULT_NAN, product(ZERO, MINUS_INFINITY));
        assertEquals(MINUS_INFINITY, product(INFINITY, "bfff0000000000000000000000000000"));
        final String signalingNaN = "ffff0000000000000000000000000005";
        assertEquals("ffff8000000000000000000000000005", sum(signalingNaN, QUIET_NAN));
        assertEquals(QUIET_NAN, product(ONE, QUIET_NAN));
        assertEquals(QUIET_NAN, sum(INFINITY, QUIET_NAN));
    }

    @Test
    void shouldTakeMaxAndMinAsDoubleDoes()
    {
        assertEquals(TWO, max(ONE, TWO));
        assertEquals(ONE, min(ONE, TWO));
        assertEquals(MINUS_INFINITY, min(MINUS_INFINITY, LARGEST_FINITE));
        assertEquals(ZERO, max(MINUS_ZERO, ZERO));
        assertEquals(ZERO, max(ZERO, MINUS_ZERO));
        assertEquals(MINUS_ZERO, min(ZERO, MINUS_ZERO));
        assertEquals(QUIET_NAN, max(QUIET_NAN, ONE));
        assertEquals(QUIET_NAN, min(ONE, QUIET_NAN));
        assertEquals(MINUS_ONE, min(MINUS_ONE, "bffe0000000000000000000000000000"));
        assertEquals(0, Float128.compare(quad(ZERO), 0, quad(MINUS_ZERO), 0));
        assertEquals(Float128.UNORDERED, Float128.compare(quad(QUIET_NAN), 0, quad(QUIET_NAN), 0));
        assertEquals(-1, Float128.compare(quad(MINUS_ONE), 0, quad(LEAST_SUBNORMAL), 0));
    }

    @Test
    void shouldReduceLongDoublesWithTheOpsMpiAllowsForFloatingTypes()
    {
        final Primitive longDouble = Datatypes.predefined(15).primitive();
        assertEquals(Primitive.FLOAT128, longDouble);
        for (final PredefinedOp op : new PredefinedOp[] {PredefinedOp.SUM, PredefinedOp.PROD, PredefinedOp.MAX,
            PredefinedOp.MIN})
        {
            Reductions.check(op, longDouble, "MPI_Allreduce", "MPI_LONG_DOUBLE");
        }
        final MpiException refused = assertThrows(MpiException.class,
            () -> Reductions.check(PredefinedOp.BAND, longDouble, "MPI_Allreduce", "MPI_LONG_DOUBLE"));
        assertEquals(MpiError.ERR_OP, refused.error());
        assertEquals("MPI_BAND is not defined for datatype MPI_LONG_DOUBLE; use a type of the kind MPI-3.1 section " +
            "5.9.2 allows for it", refused.getMessage());
        assertThrows(MpiException.class,
            () -> Reductions.check(PredefinedOp.MAXLOC, longDouble, "MPI_Allreduce", "MPI_LONG_DOUBLE"));

        final byte[] in = concat(hexOf(1.5), hexOf(-2), hexOf(4));
        final byte[] inout = concat(hexOf(0.25), hexOf(3), hexOf(-4));
        Reductions.apply(PredefinedOp.SUM, longDouble, in, 0, inout, 0, 3);
        assertArrayEquals(concat(hexOf(1.75), hexOf(1), ZERO), inout);
        Reductions.apply(PredefinedOp.PROD, longDouble, in, 0, inout, 0, 3);
        assertArrayEquals(concat(hexOf(2.625), hexOf(-2), ZERO), inout);
        Reductions.apply(PredefinedOp.MIN, longDouble, in, 0, inout, 0, 3);
        assertArrayEquals(concat(hexOf(1.5), hexOf(-2), ZERO), inout);
    }

    @Test
    void shouldTakeExtremeLongDoubleAndLowerIndexForMaxlocAndMinloc()
    {
        final Primitive pair = Datatypes.predefined(37).primitive();
        assertEquals(Primitive.LONG_DOUBLE_INT, pair);
        assertEquals(20, pair.packedBytes());
        Reductions.check(PredefinedOp.MAXLOC, pair, "MPI_Reduce", "MPI_LONG_DOUBLE_INT");
        final MpiException refused = assertThrows(MpiException.class,
            () -> Reductions.check(PredefinedOp.SUM, pair, "MPI_Reduce", "MPI_LONG_DOUBLE_INT"));
        assertEquals(MpiError.ERR_OP, refused.error());

        // (value, index): 1+2^-112 beats 1, which no double can tell apart; -0 ties +0 so the lower index wins
        final byte[] in = concat(pair("3fff0000000000000000000000000001", 5), pair(MINUS_ZERO, 2),
            pair(DEFAULT_NAN, 0));
        final byte[] inout = concat(pair(ONE, 1), pair(ZERO, 3), pair(ONE, 4));
        final byte[] maxloc = inout.clone();
        Reductions.apply(PredefinedOp.MAXLOC, pair, in, 0, maxloc, 0, 3);
        assertArrayEquals(concat(pair("3fff0000000000000000000000000001", 5), pair(MINUS_ZERO, 2), pair(ONE, 4)),
            maxloc);
        final byte[] minloc = inout.clone();
        Reductions.apply(PredefinedOp.MINLOC, pair, in, 0, minloc, 0, 3);
        assertArrayEquals(concat(pair(ONE, 1), pair(MINUS_ZERO, 2), pair(ONE, 4)), minloc);
    }

    private static void assertSame(final String expected, final byte[] actual, final String message)
    {
        if (isNaN(expected))
        {
            assertTrue(isNaN(hex(actual)), message + ": got " + hex(actual));
        }
        else
        {
            assertEquals(expected, hex(actual), message);
        }
    }

    private static boolean isNaN(final String hex)
    {
        final long high = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        return (high & 0x7FFF_0000_0000_0000L) == 0x7FFF_0000_0000_0000L &&
            ((high & 0x0000_FFFF_FFFF_FFFFL) != 0 || !hex.substring(16).equals("0000000000000000"));
    }

    private static String sum(final String a, final String b)
    {
        return combine(PredefinedOp.SUM, a, b);
    }

    private static String product(final String a, final String b)
    {
        return combine(PredefinedOp.PROD, a, b);
    }

    private static String max(final String a, final String b)
    {
        return combine(PredefinedOp.MAX, a, b);
    }

    private static String min(final String a, final String b)
    {
        return combine(PredefinedOp.MIN, a, b);
    }

    private static String combine(final PredefinedOp op, final String a, final String b)
    {
        final byte[] result = new byte[Float128.BYTES];
        Float128.combine(op, quad(a), 0, quad(b), 0, result, 0);
        return hex(result);
    }

    private static BigDecimal decimal(final String hex)
    {
        return Float128.toBigDecimal(quad(hex), 0);
    }

    /**
     * @return the binary128 bits of a normal double or zero, as 32 hex digits.
     */
    private static String hexOf(final double value)
    {
        final long bits = Double.doubleToRawLongBits(value);
        final long sign = bits & Long.MIN_VALUE;
        final long exponent = (bits >>> 52) & 0x7FF;
        final long fraction = bits & 0x000F_FFFF_FFFF_FFFFL;
        final long high = exponent == 0 ? sign : sign | (exponent - 1023 + 16383) << 48 | fraction >>> 4;
        final long low = exponent == 0 ? 0 : fraction << 60;
        return String.format("%016x%016x", high, low);
    }

    private static byte[] quad(final String hex)
    {
        final byte[] bytes = new byte[Float128.BYTES];
        for (int i = 0; i < Float128.BYTES; i++)
        {
            bytes[Float128.BYTES - 1 - i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = Float128.BYTES - 1; i >= 0; i--)
        {
            text.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return text.toString();
    }

    private static byte[] pair(final String value, final int index)
    {
        final byte[] bytes = new byte[Float128.BYTES + Integer.BYTES];
        System.arraycopy(quad(value), 0, bytes, 0, Float128.BYTES);
        bytes[Float128.BYTES] = (byte)index;
        return bytes;
    }

    private static byte[] concat(final Object... parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final Object part : parts)
        {
            out.writeBytes(part instanceof String ? quad((String)part) : (byte[])part);
        }
        return out.toByteArray();
    }
}
