package io.wabric.snapshot.diff;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.FlatMemory;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffDecoder;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests with fixed seeds: for random memories and random mutations (growth included),
 * {@code apply(snapshot, diff(snapshot, memory)) == memory}, and the fast differ equals the naive one.
 */
final class MemoryDifferTest
{
    private final MemoryDiffer differ = new MemoryDiffer();
    private final DiffApplier applier = new DiffApplier();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 42, 1234, 99_991})
    void shouldReproduceMemoryAndMatchNaiveDifferForRandomMutations(final long seed)
    {
        final Random random = new Random(seed);
        final int basePages = 1 + random.nextInt(4);
        final CowMemory memory = new CowMemory(new MemoryLimits(basePages, 16));
        fillRandomly(memory, random, random.nextInt(200));
        final MemorySnapshot snapshot = memory.snapshot();
        if (random.nextBoolean())
        {
            memory.grow(1 + random.nextInt(3));
        }
        mutate(memory, random);

        final ExpandableArrayBuffer fast = new ExpandableArrayBuffer(64);
        final int fastLength = differ.diff(snapshot, memory, new DiffEncoder().wrap(fast, 0));
        final ExpandableArrayBuffer naive = new ExpandableArrayBuffer(64);
        final int naiveLength = new NaiveDiffer().diff(snapshot, memory, new DiffEncoder().wrap(naive, 0));
        assertEquals(naiveLength, fastLength, "seed " + seed);
        assertArrayEquals(Arrays.copyOf(naive.byteArray(), naiveLength), Arrays.copyOf(fast.byteArray(), fastLength),
            "seed " + seed);

        final byte[] expected = memory.readBytes(0, memory.pages() * Memory.PAGE_SIZE);
        final ExpandableArrayBuffer untracked = new ExpandableArrayBuffer(64);
        final int untrackedLength = differ.diff(snapshot, PageSource.flat(expected), new DiffEncoder().wrap(untracked, 0));
        assertArrayEquals(Arrays.copyOf(fast.byteArray(), fastLength), Arrays.copyOf(untracked.byteArray(), untrackedLength),
            "a diff without tracking (every page compared) must equal the tracked one, seed " + seed);

        final CowMemory restored = CowMemory.fork(snapshot);
        applier.apply(new DiffDecoder().wrap(fast, 0, fastLength), restored);
        assertArrayEquals(expected, restored.readBytes(0, restored.pages() * Memory.PAGE_SIZE), "seed " + seed);
    }

    @Test
    void shouldLeaveMemoryUntouchedWhenFrameIsCorruptOrTruncated()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 4));
        final MemorySnapshot snapshot = memory.snapshot();
        memory.grow(1);
        memory.fill((byte)9, 100, 3 * Memory.PAGE_SIZE);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(snapshot, memory, new DiffEncoder().wrap(buffer, 0));
        final CowMemory target = CowMemory.fork(snapshot);
        final DiffDecoder decoder = new DiffDecoder();
        assertThrows(RuntimeException.class, () -> applier.apply(decoder.wrap(buffer, 0, length - 1), target));
        buffer.putByte(length - 10, (byte)8);
        assertThrows(RuntimeException.class, () -> applier.apply(decoder.wrap(buffer, 0, length), target));
        assertEquals(2, target.pages(), "not grown");
        assertEquals(0, target.dirtyPageCount(), "not a byte written");
    }

    @Test
    void shouldDiffFlatMemoryWithoutTrackingAndApplyFromDirectBuffer()
    {
        final Random random = new Random(7);
        final FlatMemory flat = new FlatMemory(new MemoryLimits(3, 6));
        random.nextBytes(flat.array());
        final MemorySnapshot snapshot = MemorySnapshot.copyOf(flat.array().clone(), 6);
        flat.grow(1);
        mutate(flat, random);

        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(4 << 20));
        final int length = differ.diff(snapshot, PageSource.flat(flat.array()), new DiffEncoder().wrap(direct, 0));
        final CowMemory restored = CowMemory.fork(snapshot);
        applier.apply(new DiffDecoder().wrap(direct, 0, length), restored);
        assertArrayEquals(flat.array(), restored.readBytes(0, restored.pages() * Memory.PAGE_SIZE));
    }

    @Test
    void shouldVisitOnlyDirtyPagesOfFork()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(64, 64));
        fillRandomly(memory, new Random(3), 500);
        final MemorySnapshot snapshot = memory.snapshot();
        memory.writeI32(5 * Memory.PAGE_SIZE + 8, 0xCAFEBABE);
        assertEquals(1, memory.dirtyPageCount());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(snapshot, memory, new DiffEncoder().wrap(buffer, 0));
        final DiffDecoder decoder = new DiffDecoder().wrap(buffer, 0, length);
        assertTrue(decoder.runCount() >= 1 && decoder.runCount() <= 4);
        int bytes = 0;
        while (decoder.nextRun())
        {
            bytes += decoder.runLength();
            assertTrue(decoder.runOffset() >= 5 * Memory.PAGE_SIZE + 8 && decoder.runOffset() < 5 * Memory.PAGE_SIZE + 12);
        }
        assertTrue(bytes <= 4);
    }

    @Test
    void shouldProduceEmptyDiffForCleanMemory()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 2));
        fillRandomly(memory, new Random(5), 50);
        final MemorySnapshot snapshot = memory.snapshot();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(snapshot, PageSource.flat(memory.readBytes(0, 2 * Memory.PAGE_SIZE)),
            new DiffEncoder().wrap(buffer, 0));
        assertEquals(0, new DiffDecoder().wrap(buffer, 0, length).runCount());
    }

    @Test
    void shouldRefuseToApplyToMemoryOfWrongSize()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 4));
        final MemorySnapshot snapshot = memory.snapshot();
        memory.writeByte(3, (byte)1);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(snapshot, memory, new DiffEncoder().wrap(buffer, 0));
        final CowMemory other = new CowMemory(new MemoryLimits(3, 4));
        final Exception ex = assertThrows(RuntimeException.class,
            () -> applier.apply(new DiffDecoder().wrap(buffer, 0, length), other));
        assertTrue(ex.getMessage().contains("from 2 to 2 pages to a memory of 3 pages"), ex.getMessage());
    }

    static void fillRandomly(final Memory memory, final Random random, final int writes)
    {
        final int size = memory.pages() * Memory.PAGE_SIZE;
        for (int i = 0; i < writes; i++)
        {
            final byte[] data = new byte[1 + random.nextInt(3000)];
            random.nextBytes(data);
            memory.write(random.nextInt(size - data.length), data, 0, data.length);
        }
    }

    static void mutate(final Memory memory, final Random random)
    {
        final int size = memory.pages() * Memory.PAGE_SIZE;
        final int mutations = random.nextInt(60);
        for (int i = 0; i < mutations; i++)
        {
            switch (random.nextInt(4))
            {
                case 0:
                    memory.writeByte(random.nextInt(size), (byte)random.nextInt());
                    break;
                case 1:
                    memory.writeLong(random.nextInt(size - 8), random.nextLong());
                    break;
                case 2:
                {
                    final int length = random.nextInt(Memory.PAGE_SIZE * 2);
                    final int from = random.nextInt(size - length);
                    memory.fill((byte)random.nextInt(3), from, from + length);
                    break;
                }
                default:
                {
                    final byte[] data = new byte[random.nextInt(100)];
                    random.nextBytes(data);
                    for (int j = 0; j < data.length; j += 2)
                    {
                        data[j] = 0;
                    }
                    memory.write(random.nextInt(size - data.length), data, 0, data.length);
                    break;
                }
            }
        }
    }
}
