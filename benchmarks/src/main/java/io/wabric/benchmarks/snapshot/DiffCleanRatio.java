package io.wabric.benchmarks.snapshot;

import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;

import java.util.Arrays;
import java.util.Random;

/**
 * The ratio {@code diffClean / copyBaseline} of {@link SnapshotBenchmark}, measured in pairs: each repetition times
 * a plain copy of the memory, a vectorised compare of two equal arrays and a diff of an unchanged memory without
 * tracking, one right after the other, so that load from other tenants of a shared machine hits all three alike.
 * JMH runs its benchmarks one after another, seconds apart, and on a loaded 2-core machine their means can differ
 * by 2x from load alone; this is the control for that. Prints minimum and median per operation and the ratios.
 *
 * <pre>
 *   java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *       io.wabric.benchmarks.snapshot.DiffCleanRatio 64 200
 * </pre>
 */
public final class DiffCleanRatio
{
    private DiffCleanRatio()
    {
    }

    /**
     * @param args memory size in MiB (default 64), repetitions (default 200; the first tenth is warm-up).
     */
    public static void main(final String[] args)
    {
        final int memoryMiB = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        final int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        final int warmUp = repetitions / 10;
        final int sizeBytes = memoryMiB << 20;
        final byte[] original = new byte[sizeBytes];
        new Random(42).nextBytes(original);
        final byte[] equalCopy = original.clone();
        final byte[] copyTarget = new byte[sizeBytes];
        final MemorySnapshot snapshot = MemorySnapshot.copyOf(original, sizeBytes / PageSource.PAGE_BYTES);
        final PageSource cleanFlat = PageSource.flat(equalCopy);
        final MemoryDiffer differ = new MemoryDiffer();
        final DiffEncoder encoder = new DiffEncoder();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);

        final long[] copyNs = new long[repetitions - warmUp];
        final long[] scanNs = new long[repetitions - warmUp];
        final long[] diffNs = new long[repetitions - warmUp];
        long sink = 0;
        for (int repetition = 0; repetition < repetitions; repetition++)
        {
            final long start = System.nanoTime();
            System.arraycopy(original, 0, copyTarget, 0, sizeBytes);
            final long copied = System.nanoTime();
            sink += Arrays.mismatch(original, equalCopy);
            final long scanned = System.nanoTime();
            sink += differ.diff(snapshot, cleanFlat, encoder.wrap(buffer, 0));
            final long diffed = System.nanoTime();
            if (repetition >= warmUp)
            {
                copyNs[repetition - warmUp] = copied - start;
                scanNs[repetition - warmUp] = scanned - copied;
                diffNs[repetition - warmUp] = diffed - scanned;
            }
        }
        Arrays.sort(copyNs);
        Arrays.sort(scanNs);
        Arrays.sort(diffNs);
        final int median = copyNs.length / 2;
        System.out.printf("memoryMiB=%d repetitions=%d (after %d warm-up)%n", memoryMiB, copyNs.length, warmUp);
        System.out.printf("copyBaseline   min %10.1f us  median %10.1f us%n", copyNs[0] / 1e3, copyNs[median] / 1e3);
        System.out.printf("scanBaseline   min %10.1f us  median %10.1f us%n", scanNs[0] / 1e3, scanNs[median] / 1e3);
        System.out.printf("diffClean      min %10.1f us  median %10.1f us%n", diffNs[0] / 1e3, diffNs[median] / 1e3);
        System.out.printf("diffClean/copyBaseline  min %.2f  median %.2f (goal <= 1.25); diffClean/scanBaseline " +
            "median %.2f%n", (double)diffNs[0] / copyNs[0], (double)diffNs[median] / copyNs[median],
            (double)diffNs[median] / scanNs[median]);
        if (sink == Long.MIN_VALUE)
        {
            System.out.println(sink);
        }
    }
}
