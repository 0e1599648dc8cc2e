package io.wabric.benchmarks.mpi;

import io.wabric.mpi.datatype.Primitive;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.op.Reductions;
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
 * The reduction operators {@code MPI_Reduce}/{@code MPI_Allreduce} apply to guest bytes ({@link Reductions#apply}),
 * per element of 64 KiB operands, against plain Java loops: over the same little-endian {@code byte[]} through a
 * {@link VarHandle} (the same representation) and over a {@code double[]}/{@code int[]} (the floor).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar ReductionBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReductionBenchmark
{
    static final int BYTES = 64 * 1024;
    static final int DOUBLES = BYTES / Double.BYTES;
    static final int INTS = BYTES / Integer.BYTES;

    private static final VarHandle DOUBLE =
        MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] in;
    private byte[] inout;
    private double[] inDoubles;
    private double[] inoutDoubles;
    private int[] inInts;
    private int[] inoutInts;

    /**
     * Fills the operands with small values, so sums stay finite however long the benchmark runs.
     */
    @Setup
    public void setup()
    {
        in = new byte[BYTES];
        inout = new byte[BYTES];
        inDoubles = new double[DOUBLES];
        inoutDoubles = new double[DOUBLES];
        inInts = new int[INTS];
        inoutInts = new int[INTS];
        for (int i = 0; i < DOUBLES; i++)
        {
            DOUBLE.set(in, i * Double.BYTES, 1e-9 * (i % 13));
            inDoubles[i] = 1e-9 * (i % 13);
        }
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(DOUBLES)
    public byte sumDoubles()
    {
        Reductions.apply(PredefinedOp.SUM, Primitive.FLOAT64, in, 0, inout, 0, DOUBLES);
        return inout[8];
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(DOUBLES)
    public double baselineSumDoublesVarHandle()
    {
        for (int i = 0; i < DOUBLES; i++)
        {
            final int offset = i * Double.BYTES;
            DOUBLE.set(inout, offset, (double)DOUBLE.get(inout, offset) + (double)DOUBLE.get(in, offset));
        }
        return (double)DOUBLE.get(inout, 8);
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(DOUBLES)
    public double baselineSumDoubleArray()
    {
        for (int i = 0; i < DOUBLES; i++)
        {
            inoutDoubles[i] += inDoubles[i];
        }
        return inoutDoubles[1];
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public byte maxInts()
    {
        Reductions.apply(PredefinedOp.MAX, Primitive.INT32, in, 0, inout, 0, INTS);
        return inout[4];
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public int baselineMaxIntsVarHandle()
    {
        for (int i = 0; i < INTS; i++)
        {
            final int offset = i * Integer.BYTES;
            INT.set(inout, offset, Math.max((int)INT.get(inout, offset), (int)INT.get(in, offset)));
        }
        return (int)INT.get(inout, 4);
    }

    /**
     * @return a result element.
     */
    @Benchmark
    @OperationsPerInvocation(INTS)
    public int baselineMaxIntArray()
    {
        for (int i = 0; i < INTS; i++)
        {
            inoutInts[i] = Math.max(inoutInts[i], inInts[i]);
        }
        return inoutInts[1];
    }
}
