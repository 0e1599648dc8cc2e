package io.wabric.benchmarks.snapshot;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestLinker;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.snapshot.diff.DiffApplier;
import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.file.GuestSnapshot;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffDecoder;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;
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

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot, fork, diff and apply costs for a guest memory of {@code memoryMiB}, beside the memory-bandwidth
 * baselines measured in the same run: a plain copy of the memory ({@code copyBaseline}) and a vectorised compare
 * of two equal copies ({@code scanBaseline}).
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar SnapshotBenchmark -prof gc
 * </pre>
 *
 * <ul>
 *   <li>{@code snapshot}: an immutable snapshot of a copy-on-write memory (page pointers copied, every page marked
 *   shared again; goal for 64 MiB: about 0.03 ms).</li>
 *   <li>{@code fork}: a copy-on-write memory sharing every page of a snapshot (goal for 64 MiB: 0.05 ms).</li>
 *   <li>{@code restore}: a ready instance of a compiled module from a snapshot: linked, memory forked, globals
 *   restored (goal: 0.5 ms and 0.3 MiB of heap; read {@code gc.alloc.rate.norm}).</li>
 *   <li>{@code restoreFaaslet}: the same through {@code Faaslet.create} as {@code wabric run --snapshot} does,
 *   WASI and host-module discovery included.</li>
 *   <li>{@code diffClean}: diff of an unchanged memory without dirty tracking (a flat copy, every page compared;
 *   goal: at most 1.25x {@code copyBaseline}).</li>
 *   <li>{@code diffOnePercent}: diff of a fork that rewrote 1% of its pages (at least one), with tracking.</li>
 *   <li>{@code diffTenPages}: diff of a fork that rewrote 10 pages, with tracking: the same work at every
 *   {@code memoryMiB}, so equal times show that a tracked diff costs O(dirty pages), not O(memory).</li>
 *   <li>{@code applyDiff}: validate (CRC included) and apply that diff to a fork.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC", "--add-exports",
    "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SnapshotBenchmark
{
    private static final int PAGE_BYTES = PageSource.PAGE_BYTES;

    @Param({"1", "16", "64"})
    public int memoryMiB;

    private byte[] original;
    private byte[] equalCopy;
    private byte[] copyTarget;
    private PageSource cleanFlat;
    private CowMemory snapshotted;
    private MemorySnapshot snapshot;
    private GuestSnapshot guestSnapshot;
    private CowMemory dirtyFork;
    private CowMemory tenPageFork;
    private CowMemory applyTarget;
    private GuestModule module;
    private final MemoryDiffer differ = new MemoryDiffer();
    private final DiffEncoder encoder = new DiffEncoder();
    private final DiffDecoder decoder = new DiffDecoder();
    private final DiffApplier applier = new DiffApplier();
    private final ExpandableArrayBuffer diffBuffer = new ExpandableArrayBuffer(1 << 16);
    private final ExpandableArrayBuffer scratchBuffer = new ExpandableArrayBuffer(1 << 16);
    private int onePercentLength;

    @Setup
    public void setUp()
    {
        final int pages = memoryMiB * 16;
        final Random random = new Random(42);
        original = new byte[pages * PAGE_BYTES];
        random.nextBytes(original);
        equalCopy = original.clone();
        copyTarget = new byte[original.length];
        cleanFlat = PageSource.flat(equalCopy);

        final CowMemory memory = new CowMemory(new MemoryLimits(pages, pages));
        memory.write(0, original, 0, original.length);
        snapshot = memory.snapshot();
        snapshotted = memory;

        dirtyFork = CowMemory.fork(snapshot);
        final int dirtyPages = Math.max(1, pages / 100);
        final byte[] page = new byte[PAGE_BYTES];
        for (int i = 0; i < dirtyPages; i++)
        {
            random.nextBytes(page);
            dirtyFork.write((i * 97 % pages) * PAGE_BYTES, page, 0, PAGE_BYTES);
        }
        tenPageFork = CowMemory.fork(snapshot);
        for (int i = 0; i < 10; i++)
        {
            random.nextBytes(page);
            tenPageFork.write((i * pages / 10) * PAGE_BYTES, page, 0, PAGE_BYTES);
        }
        onePercentLength = differ.diff(snapshot, dirtyFork, encoder.wrap(diffBuffer, 0));
        applyTarget = CowMemory.fork(snapshot);

        module = new ModuleLoader(null).load("snapshot-benchmark.wasm", TinyModule.bytes(pages));
        final long[] globals = {12345};
        guestSnapshot = new GuestSnapshot(module.digest(), snapshot, globals, List.of());
        if (restore().globalAt(0) != 12345 || restoreFaaslet().guest().memory().readInt(8) !=
            (int)java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN)
                .get(original, 8))
        {
            throw new IllegalStateException("restore did not reproduce the snapshot");
        }
    }

    @Benchmark
    public MemorySnapshot snapshot()
    {
        return snapshotted.snapshot();
    }

    @Benchmark
    public CowMemory fork()
    {
        return CowMemory.fork(snapshot);
    }

    @Benchmark
    public Guest restore()
    {
        final Guest guest = GuestLinker.of(module)
            .memoryFactory(limits -> CowMemory.fork(snapshot))
            .instantiate();
        guestSnapshot.restoreGlobals(guest);
        return guest;
    }

    @Benchmark
    public Faaslet restoreFaaslet()
    {
        final Faaslet faaslet = Faaslet.create(module, new FaasletOptions()
            .memoryFactory(guestSnapshot.memoryFactory()));
        guestSnapshot.restoreGlobals(faaslet.guest());
        return faaslet;
    }

    @Benchmark
    public int diffClean()
    {
        return differ.diff(snapshot, cleanFlat, encoder.wrap(scratchBuffer, 0));
    }

    @Benchmark
    public int diffOnePercent()
    {
        return differ.diff(snapshot, dirtyFork, encoder.wrap(scratchBuffer, 0));
    }

    @Benchmark
    public int diffTenPages()
    {
        return differ.diff(snapshot, tenPageFork, encoder.wrap(scratchBuffer, 0));
    }

    @Benchmark
    public long applyDiff()
    {
        return applier.apply(decoder.wrap(diffBuffer, 0, onePercentLength), applyTarget);
    }

    @Benchmark
    public byte[] copyBaseline()
    {
        System.arraycopy(original, 0, copyTarget, 0, original.length);
        return copyTarget;
    }

    @Benchmark
    public int scanBaseline()
    {
        return Arrays.mismatch(original, equalCopy);
    }

    /** A hand-assembled module: one memory of the benchmark's size, one mutable global, one export reading it. */
    static final class TinyModule
    {
        private TinyModule()
        {
        }

        static byte[] bytes(final int pages)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
            section(out, 1, new byte[] {1, 0x60, 0, 1, 0x7F});
            section(out, 3, new byte[] {1, 0});
            final ByteArrayOutputStream memory = new ByteArrayOutputStream();
            memory.write(1);
            memory.write(1);
            leb(memory, pages);
            leb(memory, pages);
            section(out, 5, memory.toByteArray());
            section(out, 6, new byte[] {1, 0x7F, 1, 0x41, 0, 0x0B});
            section(out, 7, new byte[] {2, 6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0, 3, 'g', 'e', 't', 0, 0});
            section(out, 10, new byte[] {1, 4, 0, 0x23, 0, 0x0B});
            return out.toByteArray();
        }

        private static void section(final ByteArrayOutputStream out, final int id, final byte[] body)
        {
            out.write(id);
            leb(out, body.length);
            out.writeBytes(body);
        }

        private static void leb(final ByteArrayOutputStream out, final int value)
        {
            int remaining = value;
            do
            {
                int b = remaining & 0x7F;
                remaining >>>= 7;
                if (remaining != 0)
                {
                    b |= 0x80;
                }
                out.write(b);
            }
            while (remaining != 0);
        }
    }
}
