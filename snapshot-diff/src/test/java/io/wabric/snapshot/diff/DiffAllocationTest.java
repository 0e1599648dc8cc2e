package io.wabric.snapshot.diff;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffDecoder;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hot path allocates nothing: once the encoder's buffer has grown to the largest diff, diffing a fork (tracked),
 * diffing a flat memory (untracked, every page compared), validating a frame (CRC included) and applying it, from
 * a heap or a direct buffer, allocate no byte on the calling thread. This is {@code gc.alloc.rate.norm} of
 * {@code SnapshotBenchmark} made exact: JMH's figure carries a few bytes per operation of its own bookkeeping.
 */
final class DiffAllocationTest
{
    private static final int WARM_UP = 200;
    private static final int MEASURED = 100;
    private static final int WINDOWS = 3;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingToDiffValidateAndApplyInSteadyState()
    {
        final Random random = new Random(7);
        final CowMemory memory = new CowMemory(new MemoryLimits(16, 32));
        final byte[] page = new byte[Memory.PAGE_SIZE];
        for (int pageIndex = 0; pageIndex < 16; pageIndex += 2)
        {
            random.nextBytes(page);
            memory.write(pageIndex * Memory.PAGE_SIZE, page, 0, page.length);
        }
        final MemorySnapshot snapshot = memory.snapshot();
        final CowMemory fork = CowMemory.fork(snapshot);
        fork.grow(1);
        for (final int pageIndex : new int[] {1, 6, 16})
        {
            random.nextBytes(page);
            fork.write(pageIndex * Memory.PAGE_SIZE + 100, page, 0, 20_000);
        }
        final byte[] flatBytes = fork.readBytes(0, fork.pages() * Memory.PAGE_SIZE);
        final PageSource flat = PageSource.flat(flatBytes);

        final MemoryDiffer differ = new MemoryDiffer();
        final DiffEncoder encoder = new DiffEncoder();
        final DiffDecoder decoder = new DiffDecoder();
        final DiffApplier applier = new DiffApplier();
        final ExpandableArrayBuffer heap = new ExpandableArrayBuffer(64);
        final int length = differ.diff(snapshot, fork, encoder.wrap(heap, 0));
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        direct.putBytes(0, heap, 0, length);
        final CowMemory heapTarget = CowMemory.fork(snapshot);
        final CowMemory directTarget = CowMemory.fork(snapshot);

        final long perRound = steadyState(differ, encoder, decoder, applier, snapshot, fork, flat, heap, direct,
            heapTarget, directTarget);
        long sink = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            sink += steadyState(differ, encoder, decoder, applier, snapshot, fork, flat, heap, direct, heapTarget,
                directTarget);
        }
        // A per-operation allocation shows in every window; a one-off of the JIT (an object re-materialised when
        // compiled code is replaced) in one at most, so the quietest window must be exactly zero.
        long fewestBytes = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++)
            {
                sink += steadyState(differ, encoder, decoder, applier, snapshot, fork, flat, heap, direct, heapTarget,
                    directTarget);
            }
            fewestBytes = Math.min(fewestBytes, threads.getCurrentThreadAllocatedBytes() - before);
        }

        assertEquals(0, fewestBytes, MEASURED + " rounds of diff (tracked and untracked), validate and apply " +
            "(heap and direct buffers) allocated at least " + fewestBytes + " bytes in each of " + WINDOWS + " windows");
        assertEquals(perRound * (WARM_UP + WINDOWS * MEASURED), sink, "every round does the same work");
        assertArrayEquals(flatBytes, heapTarget.readBytes(0, flatBytes.length));
        assertArrayEquals(flatBytes, directTarget.readBytes(0, flatBytes.length));
    }

    private static long steadyState(
        final MemoryDiffer differ,
        final DiffEncoder encoder,
        final DiffDecoder decoder,
        final DiffApplier applier,
        final MemorySnapshot snapshot,
        final CowMemory fork,
        final PageSource flat,
        final ExpandableArrayBuffer heap,
        final UnsafeBuffer direct,
        final CowMemory heapTarget,
        final CowMemory directTarget)
    {
        long sum = differ.diff(snapshot, fork, encoder.wrap(heap, 0));
        final int length = differ.diff(snapshot, flat, encoder.wrap(heap, 0));
        sum += length;
        sum += applier.apply(decoder.wrap(heap, 0, length), heapTarget);
        sum += decoder.wrap(direct, 0, direct.capacity()).frameLength();
        sum += applier.apply(decoder, directTarget);
        return sum;
    }
}
