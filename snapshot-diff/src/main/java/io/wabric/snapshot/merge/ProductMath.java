package io.wabric.snapshot.merge;

/**
 * Exact merging of integer products without division. A fork that multiplied {@code base} by {@code k} wrote
 * {@code f = base * k mod 2^w}. With {@code base = 2^t * o} ({@code o} odd), {@code f} is a multiple of
 * {@code 2^t} and {@code k mod 2^(w-t) = (f >>> t) * o^-1}; the product of all forks' factors is therefore
 * known modulo {@code 2^(w-t)}, which is all that {@code base * k1 * k2 ... mod 2^w} depends on. So the merged
 * value equals what running the forks' multiplications one after another would give, overflow wrapping like C.
 */
final class ProductMath
{
    private ProductMath()
    {
    }

    /**
     * @param odd an odd number.
     * @return its inverse modulo 2^64 (Newton's iteration, each step doubles the correct bits).
     */
    static long inverse(final long odd)
    {
        long inverse = odd;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - odd * inverse;
        }
        return inverse;
    }

    /**
     * @param bits number of low bits to keep, 0 to 64.
     * @return a mask of the low {@code bits} bits.
     */
    static long lowMask(final int bits)
    {
        return bits >= 64 ? -1L : (1L << bits) - 1;
    }
}
