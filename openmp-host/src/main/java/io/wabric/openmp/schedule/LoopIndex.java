package io.wabric.openmp.schedule;

import com.dylibso.chicory.runtime.Memory;

/**
 * The four loop-variable types libomp's entry points come in ({@code _4}, {@code _4u}, {@code _8}, {@code _8u}):
 * how to read, write and compare them. Values travel as {@code long}s: 32-bit ones sign- or zero-extended.
 */
public enum LoopIndex
{
    /** {@code kmp_int32}. */
    I32(false, false),
    /** {@code kmp_uint32}. */
    U32(false, true),
    /** {@code kmp_int64}. */
    I64(true, false),
    /** {@code kmp_uint64}. */
    U64(true, true);

    private final boolean wide;
    private final boolean unsigned;

    LoopIndex(final boolean wide, final boolean unsigned)
    {
        this.wide = wide;
        this.unsigned = unsigned;
    }

    /**
     * @param memory  guest memory.
     * @param address of the value.
     * @return the value, extended to 64 bits.
     */
    public long read(final Memory memory, final int address)
    {
        if (wide)
        {
            return memory.readLong(address);
        }
        final int value = memory.readInt(address);
        return unsigned ? Integer.toUnsignedLong(value) : value;
    }

    /**
     * @param memory  guest memory.
     * @param address of the value.
     * @param value   to store, truncated to the type's width.
     */
    public void write(final Memory memory, final int address, final long value)
    {
        if (wide)
        {
            memory.writeLong(address, value);
        }
        else
        {
            memory.writeI32(address, (int)value);
        }
    }

    /**
     * @param raw an argument as the guest passed it.
     * @return the value, extended to 64 bits.
     */
    public long fromArgument(final long raw)
    {
        if (wide)
        {
            return raw;
        }
        return unsigned ? raw & 0xFFFF_FFFFL : (int)raw;
    }

    /**
     * @param a one value.
     * @param b another.
     * @return their order in this type.
     */
    public int compare(final long a, final long b)
    {
        return unsigned && wide ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /**
     * Iterations of {@code for (i = lower; i <= upper; i += increment)}, zero when the range is empty.
     *
     * @param lower     first value.
     * @param upper     last value, inclusive.
     * @param increment step, not zero.
     * @return the trip count.
     */
    public long tripCount(final long lower, final long upper, final long increment)
    {
        if (increment > 0)
        {
            return compare(upper, lower) < 0 ? 0 : Long.divideUnsigned(upper - lower, increment) + 1;
        }
        return compare(lower, upper) < 0 ? 0 : Long.divideUnsigned(lower - upper, -increment) + 1;
    }
}
