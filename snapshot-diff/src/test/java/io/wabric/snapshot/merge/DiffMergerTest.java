package io.wabric.snapshot.merge;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-fork merges: typed regions combine every fork's change, byte-wise regions detect conflicts with their
 * offset, and results do not depend on the order diffs arrive in.
 */
final class DiffMergerTest
{
    private static final int SUM_INT = 0x100;
    private static final int SUM_LONG = 0x108;
    private static final int PRODUCT_INT = 0x110;
    private static final int PRODUCT_LONG = 0x118;
    private static final int MAX_INT = 0x120;
    private static final int MIN_DOUBLE = 0x128;
    private static final int SUM_DOUBLE = 0x130;
    private static final int MAX_DOUBLE = 0x138;
    private static final int IGNORED = 0x140;

    private static final List<MergeRegion> REGIONS = List.of(
        new MergeRegion(SUM_INT, 4, DataType.INT, MergeOp.SUM),
        new MergeRegion(SUM_LONG, 8, DataType.LONG, MergeOp.SUM),
        new MergeRegion(PRODUCT_INT, 4, DataType.INT, MergeOp.PRODUCT),
        new MergeRegion(PRODUCT_LONG, 8, DataType.LONG, MergeOp.PRODUCT),
        new MergeRegion(MAX_INT, 4, DataType.INT, MergeOp.MAX),
        new MergeRegion(MIN_DOUBLE, 8, DataType.DOUBLE, MergeOp.MIN),
        new MergeRegion(SUM_DOUBLE, 8, DataType.DOUBLE, MergeOp.SUM),
        new MergeRegion(MAX_DOUBLE, 8, DataType.DOUBLE, MergeOp.MAX),
        new MergeRegion(IGNORED, 16, DataType.RAW, MergeOp.IGNORE));

    private final MemoryDiffer differ = new MemoryDiffer();

    private MemorySnapshot base(final Consumer<Memory> setUp)
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 8));
        setUp.accept(memory);
        return memory.snapshot();
    }

    private ForkDiff fork(final MemorySnapshot base, final int forkIndex, final Consumer<Memory> work)
    {
        final CowMemory memory = CowMemory.fork(base);
        work.accept(memory);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(base, memory, new DiffEncoder().wrap(buffer, 0));
        return new ForkDiff(forkIndex, buffer, 0, length);
    }

    private static CowMemory merge(
        final MemorySnapshot base, final List<ForkDiff> forks, final ConflictPolicy policy, final List<MergeRegion> regions)
    {
        final CowMemory target = CowMemory.fork(base);
        new DiffMerger(regions, policy).merge(base, forks, target);
        return target;
    }

    @Test
    void shouldLandDisjointWritesOfEveryFork()
    {
        final MemorySnapshot base = base(memory -> memory.writeLong(0, -1L));
        final List<ForkDiff> forks = List.of(
            fork(base, 0, memory -> memory.writeByte(1, (byte)1)),
            fork(base, 1, memory -> memory.writeByte(2, (byte)2)),
            fork(base, 2, memory -> memory.writeI32(70_000, 3)));
        final CowMemory merged = merge(base, forks, ConflictPolicy.FAIL, List.of());
        assertEquals(0xFFFF_FFFF_FF02_01FFL, merged.readLong(0));
        assertEquals(3, merged.readInt(70_000));
    }

    @Test
    void shouldReportConflictingOverwriteWithOffsetAndWriteNothing()
    {
        final MemorySnapshot base = base(memory -> { });
        final List<ForkDiff> forks = List.of(
            fork(base, 3, memory -> memory.writeI32(1000, 0x0A0B0C0D)),
            fork(base, 5, memory -> memory.writeI32(1000, 0x0A0B0C0E)));
        final CowMemory target = CowMemory.fork(base);
        final SnapshotException ex = assertThrows(SnapshotException.class,
            () -> new DiffMerger(List.of(), ConflictPolicy.FAIL).merge(base, forks, target));
        assertTrue(ex.getMessage().contains("at offset 1000"), ex.getMessage());
        assertTrue(ex.getMessage().contains("fork 3 wrote 13, fork 5 wrote 14"), ex.getMessage());
        assertEquals(0, target.readInt(1000));
        assertEquals(0, target.dirtyPageCount());
    }

    @Test
    void shouldResolveConflictsByForkIndexWhenAllowed()
    {
        final MemorySnapshot base = base(memory -> { });
        final List<ForkDiff> forks = List.of(
            fork(base, 7, memory -> memory.writeI32(8, 0x77)),
            fork(base, 2, memory -> memory.writeI32(8, 0x22)),
            fork(base, 4, memory -> memory.writeI32(8, 0x22)));
        final CowMemory target = CowMemory.fork(base);
        final MergeResult lowest = new DiffMerger(List.of(), ConflictPolicy.LOWEST_FORK_WINS).merge(base, forks, target);
        assertEquals(0x22, target.readInt(8));
        assertEquals(1, lowest.conflictCount());
        assertEquals(8, lowest.conflicts().get(0).offset());
        assertEquals(4, lowest.conflicts().get(0).firstFork());
        assertEquals(7, lowest.conflicts().get(0).secondFork());
        assertEquals(0x77, merge(base, forks, ConflictPolicy.HIGHEST_FORK_WINS, List.of()).readInt(8));
    }

    @Test
    void shouldSumEveryForksChangeAndWrapLikeC()
    {
        final MemorySnapshot base = base(memory ->
        {
            memory.writeI32(SUM_INT, Integer.MAX_VALUE - 1);
            memory.writeLong(SUM_LONG, 10);
        });
        final List<ForkDiff> forks = List.of(
            fork(base, 0, memory ->
            {
                memory.writeI32(SUM_INT, memory.readInt(SUM_INT) + 2);
                memory.writeLong(SUM_LONG, memory.readLong(SUM_LONG) - 30);
            }),
            fork(base, 1, memory -> memory.writeI32(SUM_INT, memory.readInt(SUM_INT) + 5)));
        final CowMemory merged = merge(base, forks, ConflictPolicy.FAIL, REGIONS);
        assertEquals(Integer.MAX_VALUE - 1 + 7, merged.readInt(SUM_INT));
        assertEquals(-20, merged.readLong(SUM_LONG));
    }

    @Test
    void shouldMultiplyIntegersExactlyIncludingEvenBasesAndOverflow()
    {
        final MemorySnapshot base = base(memory ->
        {
            memory.writeI32(PRODUCT_INT, 6);
            memory.writeLong(PRODUCT_LONG, 3);
        });
        final List<ForkDiff> forks = List.of(
            fork(base, 0, memory ->
            {
                memory.writeI32(PRODUCT_INT, memory.readInt(PRODUCT_INT) * 5);
                memory.writeLong(PRODUCT_LONG, memory.readLong(PRODUCT_LONG) * 0x5555_5555_5555_5556L);
            }),
            fork(base, 1, memory ->
            {
                memory.writeI32(PRODUCT_INT, memory.readInt(PRODUCT_INT) * 0x4000_0001);
                memory.writeLong(PRODUCT_LONG, memory.readLong(PRODUCT_LONG) * -7L);
            }),
            fork(base, 2, memory -> memory.writeI32(PRODUCT_INT, memory.readInt(PRODUCT_INT) * -1)));
        final CowMemory merged = merge(base, forks, ConflictPolicy.FAIL, REGIONS);
        assertEquals(6 * 5 * 0x4000_0001 * -1, merged.readInt(PRODUCT_INT));
        assertEquals(3L * 0x5555_5555_5555_5556L * -7L, merged.readLong(PRODUCT_LONG));
    }

    @Test
    void shouldReportProductChangedFromZero()
    {
        final MemorySnapshot base = base(memory -> { });
        final List<ForkDiff> forks = List.of(fork(base, 4, memory -> memory.writeI32(PRODUCT_INT, 9)));
        final SnapshotException ex = assertThrows(SnapshotException.class,
            () -> merge(base, forks, ConflictPolicy.FAIL, REGIONS));
        assertTrue(ex.getMessage().contains("product region changed from 0") &&
            ex.getMessage().contains("offset " + PRODUCT_INT), ex.getMessage());
    }

    @Test
    void shouldTakeExtremesWithNanAndSignedZero()
    {
        final MemorySnapshot base = base(memory ->
        {
            memory.writeI32(MAX_INT, -5);
            memory.writeF64(MIN_DOUBLE, 0.0);
            memory.writeF64(MAX_DOUBLE, 1.0);
        });
        final List<ForkDiff> forks = List.of(
            fork(base, 0, memory ->
            {
                memory.writeI32(MAX_INT, -3);
                memory.writeF64(MIN_DOUBLE, -0.0);
            }),
            fork(base, 1, memory ->
            {
                memory.writeI32(MAX_INT, 7);
                memory.writeF64(MAX_DOUBLE, Double.NaN);
            }),
            fork(base, 2, memory -> memory.writeI32(MAX_INT, Integer.MIN_VALUE)));
        final CowMemory merged = merge(base, forks, ConflictPolicy.FAIL, REGIONS);
        assertEquals(7, merged.readInt(MAX_INT));
        assertEquals(Double.doubleToRawLongBits(-0.0), merged.readLong(MIN_DOUBLE));
        assertTrue(Double.isNaN(merged.readDouble(MAX_DOUBLE)));
    }

    @Test
    void shouldKeepExactBitsOfFloatsNoForkOrOneForkChanged()
    {
        final MemorySnapshot base = base(memory -> memory.writeF64(SUM_DOUBLE, -0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), merge(base,
            List.of(fork(base, 0, memory -> { }), fork(base, 1, memory -> memory.writeI32(0, 1))),
            ConflictPolicy.FAIL, REGIONS).readLong(SUM_DOUBLE));

        final MemorySnapshot big = base(memory -> memory.writeF64(SUM_DOUBLE, 1e20));
        assertEquals(1.0, merge(big, List.of(fork(big, 0, memory -> memory.writeF64(SUM_DOUBLE, 1.0))),
            ConflictPolicy.FAIL, REGIONS).readDouble(SUM_DOUBLE), "one fork's value lands exactly, no rounding");

        final MemorySnapshot half = base(memory -> memory.writeF64(SUM_DOUBLE, 0.5));
        assertEquals(0.5 + 1.25 + 2.0, merge(half, List.of(
            fork(half, 0, memory -> memory.writeF64(SUM_DOUBLE, 0.5 + 1.25)),
            fork(half, 1, memory -> memory.writeF64(SUM_DOUBLE, 0.5 + 2.0))),
            ConflictPolicy.FAIL, REGIONS).readDouble(SUM_DOUBLE));
    }

    @Test
    void shouldDropChangesToIgnoredRegion()
    {
        final MemorySnapshot base = base(memory -> memory.writeLong(IGNORED, 42));
        final CowMemory merged = merge(base, List.of(
            fork(base, 0, memory -> memory.writeLong(IGNORED, 1)),
            fork(base, 1, memory -> memory.writeLong(IGNORED, 2))), ConflictPolicy.FAIL, REGIONS);
        assertEquals(42, merged.readLong(IGNORED));
    }

    @Test
    void shouldGrowTargetToLargestFork()
    {
        final MemorySnapshot base = base(memory -> { });
        final CowMemory merged = merge(base, List.of(
            fork(base, 0, memory ->
            {
                memory.grow(3);
                memory.writeI32(4 * Memory.PAGE_SIZE, 44);
            }),
            fork(base, 1, memory -> memory.writeI32(16, 16))), ConflictPolicy.FAIL, REGIONS);
        assertEquals(5, merged.pages());
        assertEquals(44, merged.readInt(4 * Memory.PAGE_SIZE));
        assertEquals(16, merged.readInt(16));
    }

    @Test
    void shouldLeaveUntouchedRegionsAloneEvenBeyondMemoryAndRefuseTouchedOnesStraddlingItsEnd()
    {
        final MemorySnapshot base = base(memory -> memory.writeLong(SUM_LONG, 5));
        final MergeRegion later = new MergeRegion(6 * Memory.PAGE_SIZE, 8, DataType.LONG, MergeOp.SUM);
        final List<MergeRegion> regions = new ArrayList<>(REGIONS);
        regions.add(later);
        final CowMemory target = CowMemory.fork(base);
        final MergeResult result = new DiffMerger(regions, ConflictPolicy.FAIL).merge(base, List.of(
            fork(base, 0, memory -> memory.writeLong(SUM_LONG, 7)),
            fork(base, 1, memory -> memory.writeByte(40, (byte)1))), target);
        assertEquals(7, target.readLong(SUM_LONG));
        assertEquals(1, target.read(40));
        assertEquals(8 + 1, result.bytesWritten(), "only what forks changed is written");
        assertEquals(1, target.dirtyPageCount());

        final MergeRegion straddling = new MergeRegion(2 * Memory.PAGE_SIZE - 4, 8, DataType.LONG, MergeOp.SUM);
        final CowMemory untouched = CowMemory.fork(base);
        final SnapshotException ex = assertThrows(SnapshotException.class, () ->
            new DiffMerger(List.of(straddling), ConflictPolicy.FAIL).merge(base, List.of(
                fork(base, 0, memory -> memory.writeByte(2 * Memory.PAGE_SIZE - 1, (byte)9)),
                fork(base, 1, memory -> memory.writeByte(40, (byte)1))), untouched));
        assertTrue(ex.getMessage().contains("beyond the merged memory of 131072 bytes"), ex.getMessage());
        assertEquals(0, untouched.dirtyPageCount(), "nothing written");
    }

    @Test
    void shouldRejectOverlappingRegionsAndDuplicateForks()
    {
        final IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
            () -> new DiffMerger(List.of(new MergeRegion(0, 8, DataType.LONG, MergeOp.SUM),
                new MergeRegion(4, 4, DataType.INT, MergeOp.SUM)), ConflictPolicy.FAIL));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        final MemorySnapshot base = base(memory -> { });
        final ForkDiff fork = fork(base, 1, memory -> { });
        final IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
            () -> merge(base, List.of(fork, fork(base, 1, memory -> { })), ConflictPolicy.FAIL, REGIONS));
        assertTrue(duplicate.getMessage().contains("fork index 1 given twice"), duplicate.getMessage());
    }

    /**
     * Random forks doing commutative integer updates (sums, products, max, disjoint bytes): the merged memory must
     * not depend on the order the diffs arrive in, nor on which fork got which index, and must equal the
     * sequential result.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 5, 8, 13, 21, 34, 55})
    void shouldMergeCommutativeOpsIndependentOfOrder(final long seed)
    {
        final Random random = new Random(seed);
        final int baseSum = random.nextInt();
        final int baseProduct = random.nextInt() | 1 << random.nextInt(4);
        final long baseLong = random.nextLong();
        final MemorySnapshot base = base(memory ->
        {
            memory.writeI32(SUM_INT, baseSum);
            memory.writeI32(PRODUCT_INT, baseProduct);
            memory.writeI32(MAX_INT, Integer.MIN_VALUE);
            memory.writeLong(SUM_LONG, baseLong);
            memory.writeF64(MIN_DOUBLE, 0.0);
            memory.writeF64(MAX_DOUBLE, 0.0);
        });
        final int forkCount = 2 + random.nextInt(6);
        final List<Consumer<Memory>> works = new ArrayList<>();
        int expectedSum = baseSum;
        int expectedProduct = baseProduct;
        int expectedMax = Integer.MIN_VALUE;
        long expectedLong = baseLong;
        double expectedMinDouble = 0.0;
        double expectedMaxDouble = 0.0;
        for (int f = 0; f < forkCount; f++)
        {
            final long addLong = random.nextLong();
            final double sample = random.nextInt(4) == 0 ? -0.0 : random.nextGaussian();
            final int add = random.nextInt();
            final int factor = random.nextInt();
            final int candidate = random.nextInt();
            final int slot = 4096 + f * 64 + random.nextInt(60);
            final byte value = (byte)(1 + random.nextInt(200));
            expectedSum += add;
            expectedProduct *= factor;
            expectedMax = Math.max(expectedMax, candidate);
            expectedLong += addLong;
            expectedMinDouble = Math.min(expectedMinDouble, sample);
            expectedMaxDouble = Math.max(expectedMaxDouble, sample);
            works.add(memory ->
            {
                memory.writeLong(SUM_LONG, memory.readLong(SUM_LONG) + addLong);
                memory.writeF64(MIN_DOUBLE, Math.min(memory.readDouble(MIN_DOUBLE), sample));
                memory.writeF64(MAX_DOUBLE, Math.max(memory.readDouble(MAX_DOUBLE), sample));
                memory.writeI32(SUM_INT, memory.readInt(SUM_INT) + add);
                memory.writeI32(PRODUCT_INT, memory.readInt(PRODUCT_INT) * factor);
                memory.writeI32(MAX_INT, Math.max(memory.readInt(MAX_INT), candidate));
                memory.writeByte(slot, value);
            });
        }
        byte[] reference = null;
        for (int trial = 0; trial < 4; trial++)
        {
            final List<Integer> indices = new ArrayList<>();
            for (int f = 0; f < forkCount; f++)
            {
                indices.add(f);
            }
            Collections.shuffle(indices, random);
            final List<ForkDiff> forks = new ArrayList<>();
            for (int f = 0; f < forkCount; f++)
            {
                forks.add(fork(base, indices.get(f), works.get(f)));
            }
            Collections.shuffle(forks, random);
            final CowMemory merged = merge(base, forks, ConflictPolicy.FAIL, REGIONS);
            assertEquals(expectedSum, merged.readInt(SUM_INT), "seed " + seed);
            assertEquals(expectedProduct, merged.readInt(PRODUCT_INT), "seed " + seed);
            assertEquals(expectedMax, merged.readInt(MAX_INT), "seed " + seed);
            assertEquals(expectedLong, merged.readLong(SUM_LONG), "seed " + seed);
            assertEquals(Double.doubleToRawLongBits(expectedMinDouble), merged.readLong(MIN_DOUBLE), "seed " + seed);
            assertEquals(Double.doubleToRawLongBits(expectedMaxDouble), merged.readLong(MAX_DOUBLE), "seed " + seed);
            final byte[] bytes = merged.readBytes(0, 2 * Memory.PAGE_SIZE);
            if (reference == null)
            {
                reference = bytes;
            }
            assertArrayEquals(reference, bytes, "seed " + seed + " trial " + trial);
        }
    }

    /**
     * Random forks overwrite random bytes of one small window, so they often collide. Checked against a naive
     * reference built from the forks' memories: every byte two forks changed to different values is reported with
     * its offset, bytes changed identically are not; the lowest or highest fork index wins as the policy says,
     * whatever order the diffs arrive in; and under {@link ConflictPolicy#FAIL} nothing is written.
     */
    @ParameterizedTest
    @ValueSource(longs = {2, 3, 7, 11, 19, 23, 101})
    void shouldDetectEveryConflictingOverwriteAgainstNaiveReference(final long seed)
    {
        final Random random = new Random(seed);
        final int window = 64;
        final int windowStart = Memory.PAGE_SIZE - window / 2;
        final byte[] baseBytes = new byte[window];
        random.nextBytes(baseBytes);
        final MemorySnapshot base = base(memory -> memory.write(windowStart, baseBytes, 0, window));
        final int forkCount = 2 + random.nextInt(4);
        final List<CowMemory> forkMemories = new ArrayList<>();
        final List<ForkDiff> forks = new ArrayList<>();
        for (int f = 0; f < forkCount; f++)
        {
            final CowMemory memory = CowMemory.fork(base);
            final int writes = 1 + random.nextInt(12);
            for (int w = 0; w < writes; w++)
            {
                memory.writeByte(windowStart + random.nextInt(window), (byte)random.nextInt(4));
            }
            forkMemories.add(memory);
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
            forks.add(new ForkDiff(f, buffer, 0, differ.diff(base, memory, new DiffEncoder().wrap(buffer, 0))));
        }

        final List<Long> expectedOffsets = new ArrayList<>();
        final byte[] lowestWins = baseBytes.clone();
        final byte[] highestWins = baseBytes.clone();
        for (int i = 0; i < window; i++)
        {
            boolean written = false;
            boolean conflicting = false;
            for (int f = 0; f < forkCount; f++)
            {
                final byte value = forkMemories.get(f).read(windowStart + i);
                if (value == baseBytes[i])
                {
                    continue;
                }
                if (!written)
                {
                    lowestWins[i] = value;
                    written = true;
                }
                else if (value != lowestWins[i] || value != highestWins[i])
                {
                    conflicting = true;
                }
                highestWins[i] = value;
            }
            if (conflicting)
            {
                expectedOffsets.add((long)(windowStart + i));
            }
        }

        for (final ConflictPolicy policy : ConflictPolicy.values())
        {
            Collections.shuffle(forks, random);
            final CowMemory target = CowMemory.fork(base);
            if (policy == ConflictPolicy.FAIL)
            {
                if (expectedOffsets.isEmpty())
                {
                    new DiffMerger(List.of(), policy).merge(base, forks, target);
                    assertArrayEquals(lowestWins, target.readBytes(windowStart, window), "seed " + seed);
                }
                else
                {
                    final SnapshotException ex = assertThrows(SnapshotException.class,
                        () -> new DiffMerger(List.of(), policy).merge(base, forks, target), "seed " + seed);
                    assertTrue(expectedOffsets.stream().anyMatch(offset -> ex.getMessage().contains("at offset " + offset)),
                        ex.getMessage());
                    assertArrayEquals(baseBytes, target.readBytes(windowStart, window), "nothing written, seed " + seed);
                    assertEquals(0, target.dirtyPageCount(), "seed " + seed);
                }
                continue;
            }
            final MergeResult result = new DiffMerger(List.of(), policy).merge(base, forks, target);
            assertArrayEquals(policy == ConflictPolicy.LOWEST_FORK_WINS ? lowestWins : highestWins,
                target.readBytes(windowStart, window), policy + " seed " + seed);
            final TreeSet<Long> reported = new TreeSet<>();
            result.conflicts().forEach(conflict -> reported.add(conflict.offset()));
            assertTrue(result.conflictCount() >= expectedOffsets.size(), policy + " seed " + seed);
            if (result.conflictCount() <= DiffMerger.MAX_REPORTED_CONFLICTS)
            {
                assertEquals(new TreeSet<>(expectedOffsets), reported, policy + " seed " + seed);
            }
            else
            {
                assertTrue(expectedOffsets.containsAll(reported), policy + " seed " + seed);
            }
        }
    }

    @Test
    void shouldWriteNothingWhenOneForksDiffIsCorrupt()
    {
        final MemorySnapshot base = base(memory -> { });
        final ForkDiff good = fork(base, 0, memory -> memory.writeI32(64, 1));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = differ.diff(base, forkWith(base, memory -> memory.writeI32(128, 2)),
            new DiffEncoder().wrap(buffer, 0));
        buffer.putByte(length - 6, (byte)(buffer.getByte(length - 6) ^ 1));
        final CowMemory target = CowMemory.fork(base);
        final SnapshotException ex = assertThrows(SnapshotException.class, () -> new DiffMerger(REGIONS,
            ConflictPolicy.LOWEST_FORK_WINS).merge(base, List.of(good, new ForkDiff(1, buffer, 0, length)), target));
        assertTrue(ex.getMessage().startsWith("fork 1: diff frame corrupt: CRC-32C"), ex.getMessage());
        assertEquals(0, target.readInt(64));
        assertEquals(0, target.dirtyPageCount());
    }

    private static CowMemory forkWith(final MemorySnapshot base, final Consumer<Memory> work)
    {
        final CowMemory memory = CowMemory.fork(base);
        work.accept(memory);
        return memory;
    }
}
