package io.wabric.benchmarks.memory;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.FlatMemory;
import io.wabric.snapshot.memory.CowMemory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What a fork-mode thread memory could cost per access: the inner loop of an i-k-j matrix multiply
 * ({@code c[i][j] += a[i][k] * b[k][j]}, N x N doubles, one load-load-store per step) through Chicory's
 * {@code Memory} interface, as compiled guest code makes it, over candidate layouts (one layout per JVM fork, so the
 * call site stays monomorphic as in a real run):
 * <ul>
 *   <li>{@code flat}: Wabric's {@code FlatMemory}, shared mode's memory, the floor;</li>
 *   <li>{@code cow}: {@code CowMemory}, fork mode's memory today: a page table and a copy-on-write check per store;</li>
 *   <li>{@code pages}: a bare page table, no copy-on-write check;</li>
 *   <li>{@code flatCheckedStore}: one flat array, a per-page state byte loaded and compared before every store (how
 *   a flat fork-mode memory would notice the first write to a page);</li>
 *   <li>{@code flatMarkedStore}: one flat array, a per-page dirty byte stored unconditionally with every store;</li>
 *   <li>{@code longPages}: a page table of {@code long[]} pages with plain array accesses (aligned only), to
 *   separate the cost of the page lookup from that of the byte-array view {@code VarHandle}s.</li>
 * </ul>
 * Result of 2026-11-23 and its consequence for fork mode: {@code openmp-host/README.md} ("Fork mode ... What is
 * left is the access path").
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar PagedAccessBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PagedAccessBenchmark
{
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_BYTES = 1 << PAGE_SHIFT;
    private static final int PAGES = 64;
    private static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Matrix order: three N x N double matrices must fit in {@link #PAGES} pages. */
    @Param("256")
    public int n;

    /** The memory layout (see the class comment). */
    @Param({"flat", "cow", "pages", "flatCheckedStore", "flatMarkedStore", "longPages"})
    public String layout;

    private com.dylibso.chicory.runtime.Memory memory;
    private int a;
    private int b;
    private int c;

    @Setup
    public void setUp()
    {
        final MemoryLimits limits = new MemoryLimits(PAGES, PAGES);
        switch (layout)
        {
            case "flat":
                memory = new FlatMemory(limits);
                break;
            case "cow":
                memory = new CowMemory(limits);
                break;
            case "pages":
                memory = new BarePages();
                break;
            case "flatCheckedStore":
                memory = new FlatTracked(true);
                break;
            case "flatMarkedStore":
                memory = new FlatTracked(false);
                break;
            case "longPages":
                memory = new LongPages();
                break;
            default:
                throw new IllegalArgumentException("-p layout=" + layout + ": expected flat, cow, pages, " +
                    "flatCheckedStore, flatMarkedStore or longPages");
        }
        a = PAGE_BYTES;
        b = a + n * n * Double.BYTES;
        c = b + n * n * Double.BYTES;
        if (c + n * n * Double.BYTES > PAGES * PAGE_BYTES)
        {
            throw new IllegalArgumentException("-p n=" + n + ": three " + n + " x " + n + " matrices of doubles " +
                "do not fit in " + PAGES + " pages");
        }
        for (int i = 0; i < n * n; i++)
        {
            memory.writeF64(a + i * Double.BYTES, (i % 17) / 17.0);
            memory.writeF64(b + i * Double.BYTES, (i % 13) / 13.0);
            memory.writeF64(c + i * Double.BYTES, 1.0);
        }
    }

    @Benchmark
    public double matmul()
    {
        final com.dylibso.chicory.runtime.Memory m = memory;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m.writeF64(c + (i * n + j) * Double.BYTES, 0.0);
            }
            for (int k = 0; k < n; k++)
            {
                final double aik = m.readDouble(a + (i * n + k) * Double.BYTES);
                for (int j = 0; j < n; j++)
                {
                    final int cij = c + (i * n + j) * Double.BYTES;
                    m.writeF64(cij, m.readDouble(cij) + aik * m.readDouble(b + (k * n + j) * Double.BYTES));
                }
            }
        }
        return m.readDouble(c);
    }

    private static final class BarePages extends UnsupportedMemory
    {
        private final byte[][] pages = new byte[PAGES][PAGE_BYTES];

        @Override
        public double readDouble(final int addr)
        {
            return Double.longBitsToDouble((long)LONG.get(pages[addr >>> PAGE_SHIFT], addr & (PAGE_BYTES - 1)));
        }

        @Override
        public void writeF64(final int addr, final double data)
        {
            LONG.set(pages[addr >>> PAGE_SHIFT], addr & (PAGE_BYTES - 1), Double.doubleToRawLongBits(data));
        }
    }

    private static final class FlatTracked extends UnsupportedMemory
    {
        private static final byte DIRTY = 1;
        private final byte[] bytes = new byte[PAGES * PAGE_BYTES];
        private final byte[] pageState = new byte[PAGES];
        private final boolean checked;

        FlatTracked(final boolean checked)
        {
            this.checked = checked;
            Arrays.fill(pageState, DIRTY);
        }

        @Override
        public double readDouble(final int addr)
        {
            return Double.longBitsToDouble((long)LONG.get(bytes, addr));
        }

        @Override
        public void writeF64(final int addr, final double data)
        {
            if (checked)
            {
                if (pageState[addr >>> PAGE_SHIFT] != DIRTY)
                {
                    firstWrite(addr);
                }
            }
            else
            {
                pageState[addr >>> PAGE_SHIFT] = DIRTY;
            }
            LONG.set(bytes, addr, Double.doubleToRawLongBits(data));
        }

        private void firstWrite(final int addr)
        {
            pageState[addr >>> PAGE_SHIFT] = DIRTY;
        }
    }

    private static final class LongPages extends UnsupportedMemory
    {
        private final long[][] pages = new long[PAGES][PAGE_BYTES / Long.BYTES];

        @Override
        public double readDouble(final int addr)
        {
            return Double.longBitsToDouble(pages[addr >>> PAGE_SHIFT][(addr & (PAGE_BYTES - 1)) >>> 3]);
        }

        @Override
        public void writeF64(final int addr, final double data)
        {
            pages[addr >>> PAGE_SHIFT][(addr & (PAGE_BYTES - 1)) >>> 3] = Double.doubleToRawLongBits(data);
        }
    }
}
