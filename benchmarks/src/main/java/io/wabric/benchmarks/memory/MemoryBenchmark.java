package io.wabric.benchmarks.memory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.FlatMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Guest memory access, the hottest path of compiled Wasm: every load and store of a guest goes through
 * {@link Memory}. Compares Wabric's {@link FlatMemory} with the floor it is built on (a plain {@code byte[]} read
 * through the same little-endian {@link VarHandle}s, and {@link System#arraycopy} for bulk copies) and with Chicory's
 * paged {@link ByteArrayMemory}.
 *
 * <p>Each method sweeps a 1 MiB region (fits in L2) with sequential accesses, the pattern of array kernels; scores are
 * per access ({@link OperationsPerInvocation}). Steady state must allocate nothing: run with {@code -prof gc} and
 * check {@code gc.alloc.rate.norm} is about 0 B/op.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar MemoryBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MemoryBenchmark
{
    static final int REGION_BYTES = 1 << 20;
    static final int PAGES = REGION_BYTES / Memory.PAGE_SIZE;
    static final int INTS = REGION_BYTES / Integer.BYTES;
    static final int LONGS = REGION_BYTES / Long.BYTES;
    static final int COPY_BYTES = REGION_BYTES / 2;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
        MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] array;
    private Memory flat;
    private Memory paged;

    /**
     * Allocates the three memories and fills them with the same normal doubles (no denormals or NaNs to slow the
     * floating-point benchmarks).
     */
    @Setup
    public void setup()
    {
        array = new byte[REGION_BYTES];
        flat = new FlatMemory(new MemoryLimits(PAGES, PAGES));
        paged = new ByteArrayMemory(new MemoryLimits(PAGES, PAGES));
        for (int address = 0; address < REGION_BYTES; address += Double.BYTES)
        {
            DOUBLE.set(array, address, 1.0 + address);
        }
        flat.write(0, array);
        paged.write(0, array);
    }

    // ----------------------------------------------------------------------------------------------- int reads

    /**
     * @return sum of every int in the region, read from a plain array.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public int baselineReadInt()
    {
        final byte[] bytes = array;
        int sum = 0;
        for (int address = 0; address < REGION_BYTES; address += Integer.BYTES)
        {
            sum += (int)INT.get(bytes, address);
        }
        return sum;
    }

    /**
     * @return sum of every int in the region, read from {@link FlatMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public int flatReadInt()
    {
        return readInts(flat);
    }

    /**
     * @return sum of every int in the region, read from Chicory's {@link ByteArrayMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public int chicoryReadInt()
    {
        return readInts(paged);
    }

    // ---------------------------------------------------------------------------------------------- int writes

    /**
     * Writes every int of a plain array.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public void baselineWriteInt()
    {
        final byte[] bytes = array;
        for (int address = 0; address < REGION_BYTES; address += Integer.BYTES)
        {
            INT.set(bytes, address, address);
        }
    }

    /**
     * Writes every int of {@link FlatMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public void flatWriteInt()
    {
        writeInts(flat);
    }

    /**
     * Writes every int of Chicory's {@link ByteArrayMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public void chicoryWriteInt()
    {
        writeInts(paged);
    }

    // ---------------------------------------------------------------------------------------------- long reads

    /**
     * @return sum of every long in the region, read from a plain array.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public long baselineReadLong()
    {
        final byte[] bytes = array;
        long sum = 0;
        for (int address = 0; address < REGION_BYTES; address += Long.BYTES)
        {
            sum += (long)LONG.get(bytes, address);
        }
        return sum;
    }

    /**
     * @return sum of every long in the region, read from {@link FlatMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public long flatReadLong()
    {
        return readLongs(flat);
    }

    /**
     * @return sum of every long in the region, read from Chicory's {@link ByteArrayMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public long chicoryReadLong()
    {
        return readLongs(paged);
    }

    // --------------------------------------------------------------------------------------------- long writes

    /**
     * Writes every long of a plain array.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void baselineWriteLong()
    {
        final byte[] bytes = array;
        for (int address = 0; address < REGION_BYTES; address += Long.BYTES)
        {
            LONG.set(bytes, address, (long)address);
        }
    }

    /**
     * Writes every long of {@link FlatMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void flatWriteLong()
    {
        writeLongs(flat);
    }

    /**
     * Writes every long of Chicory's {@link ByteArrayMemory}.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void chicoryWriteLong()
    {
        writeLongs(paged);
    }

    // -------------------------------------------------------------------------------------- double read-modify-write

    /**
     * Scales every double of a plain array in place (load, multiply, store: a triad's inner step).
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void baselineScaleDouble()
    {
        final byte[] bytes = array;
        for (int address = 0; address < REGION_BYTES; address += Double.BYTES)
        {
            DOUBLE.set(bytes, address, (double)DOUBLE.get(bytes, address) * 1.0000001);
        }
    }

    /**
     * Scales every double of {@link FlatMemory} in place.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void flatScaleDouble()
    {
        scaleDoubles(flat);
    }

    /**
     * Scales every double of Chicory's {@link ByteArrayMemory} in place.
     */
    @Benchmark
    @OperationsPerInvocation(LONGS)
    public void chicoryScaleDouble()
    {
        scaleDoubles(paged);
    }

    // ------------------------------------------------------------------------------------------------ bulk copy

    /**
     * Copies half the region over the other half with {@link System#arraycopy}.
     */
    @Benchmark
    public void baselineCopy()
    {
        System.arraycopy(array, 0, array, COPY_BYTES, COPY_BYTES);
    }

    /**
     * Copies half the region over the other half with {@code memory.copy} ({@code memory.copy} in Wasm, memcpy).
     */
    @Benchmark
    public void flatCopy()
    {
        flat.copy(COPY_BYTES, 0, COPY_BYTES);
    }

    /**
     * Copies half the region over the other half in Chicory's {@link ByteArrayMemory}.
     */
    @Benchmark
    public void chicoryCopy()
    {
        paged.copy(COPY_BYTES, 0, COPY_BYTES);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static int readInts(final Memory memory)
    {
        int sum = 0;
        for (int address = 0; address < REGION_BYTES; address += Integer.BYTES)
        {
            sum += memory.readInt(address);
        }
        return sum;
    }

    private static void writeInts(final Memory memory)
    {
        for (int address = 0; address < REGION_BYTES; address += Integer.BYTES)
        {
            memory.writeI32(address, address);
        }
    }

    private static long readLongs(final Memory memory)
    {
        long sum = 0;
        for (int address = 0; address < REGION_BYTES; address += Long.BYTES)
        {
            sum += memory.readLong(address);
        }
        return sum;
    }

    private static void writeLongs(final Memory memory)
    {
        for (int address = 0; address < REGION_BYTES; address += Long.BYTES)
        {
            memory.writeLong(address, address);
        }
    }

    private static void scaleDoubles(final Memory memory)
    {
        for (int address = 0; address < REGION_BYTES; address += Double.BYTES)
        {
            memory.writeF64(address, memory.readDouble(address) * 1.0000001);
        }
    }
}
