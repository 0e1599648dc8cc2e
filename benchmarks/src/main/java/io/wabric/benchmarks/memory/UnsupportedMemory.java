package io.wabric.benchmarks.memory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;

/**
 * A {@link Memory} whose every operation throws: the base of the candidate layouts in {@link PagedAccessBenchmark},
 * which implement only the accesses the benchmark makes, so they are called through the same interface as the
 * real memories.
 */
abstract class UnsupportedMemory implements Memory
{
    private static UnsupportedOperationException unsupported()
    {
        return new UnsupportedOperationException("a benchmark layout implements only readDouble and writeF64");
    }

    @Override
    public int pages()
    {
        throw unsupported();
    }

    @Override
    public int grow(final int size)
    {
        throw unsupported();
    }

    @Override
    public int initialPages()
    {
        throw unsupported();
    }

    @Override
    public int maximumPages()
    {
        throw unsupported();
    }

    @Override
    public boolean shared()
    {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public Object lock(final int address)
    {
        throw unsupported();
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int waitOn(final int address, final int expected, final long timeout)
    {
        throw unsupported();
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int waitOn(final int address, final long expected, final long timeout)
    {
        throw unsupported();
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int notify(final int address, final int maxThreads)
    {
        throw unsupported();
    }

    @Override
    public void initialize(final Instance instance, final DataSegment[] dataSegments)
    {
        throw unsupported();
    }

    @Override
    public void initPassiveSegment(final int segmentId, final int dest, final int offset, final int size)
    {
        throw unsupported();
    }

    @Override
    public void write(final int addr, final byte[] data, final int offset, final int size)
    {
        throw unsupported();
    }

    @Override
    public byte read(final int addr)
    {
        throw unsupported();
    }

    @Override
    public byte[] readBytes(final int addr, final int len)
    {
        throw unsupported();
    }

    @Override
    public void writeI32(final int addr, final int data)
    {
        throw unsupported();
    }

    @Override
    public int readInt(final int addr)
    {
        throw unsupported();
    }

    @Override
    public void writeLong(final int addr, final long data)
    {
        throw unsupported();
    }

    @Override
    public long readLong(final int addr)
    {
        throw unsupported();
    }

    @Override
    public void writeShort(final int addr, final short data)
    {
        throw unsupported();
    }

    @Override
    public short readShort(final int addr)
    {
        throw unsupported();
    }

    @Override
    public long readU16(final int addr)
    {
        throw unsupported();
    }

    @Override
    public void writeByte(final int addr, final byte data)
    {
        throw unsupported();
    }

    @Override
    public void writeF32(final int addr, final float data)
    {
        throw unsupported();
    }

    @Override
    public long readF32(final int addr)
    {
        throw unsupported();
    }

    @Override
    public float readFloat(final int addr)
    {
        throw unsupported();
    }

    @Override
    public long readF64(final int addr)
    {
        throw unsupported();
    }

    @Override
    public void zero()
    {
        throw unsupported();
    }

    @Override
    public void fill(final byte value, final int fromIndex, final int toIndex)
    {
        throw unsupported();
    }

    @Override
    public void drop(final int segment)
    {
        throw unsupported();
    }
}
