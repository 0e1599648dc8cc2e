package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link TrackedMemory} against a plain reference: a seeded {@link Random} drives stores of every width (many of
 * them straddling a page boundary, some rewriting the bytes already there), atomics, bulk operations, snapshots,
 * restores to any earlier snapshot (its own or a fork's), grows, forks and stores that trap, on the memory and on a
 * {@code byte[]} model with a saved copy per snapshot. After every step the memory's bytes, its page marks and a
 * snapshot's bytes must match the model; every snapshot must share the base's array for exactly the pages that
 * equal the base's, and the zero page for grown pages still zero.
 */
final class TrackedMemoryDifferentialTest
{
    private static final int PAGE = Memory.PAGE_SIZE;
    /** The memory marks stores per 4 KiB block. */
    private static final int BLOCK = 4096;
    private static final int BLOCKS_PER_PAGE = PAGE / BLOCK;
    private static final int MAXIMUM_PAGES = 4;
    private static final int STEPS = 2000;
    private static final int KEPT_SNAPSHOTS = 8;
    private static final byte[] SEGMENT = new byte[3 * PAGE];

    static
    {
        new Random(99).nextBytes(SEGMENT);
    }

    private Random random;
    private long seed;
    private int step;
    private TrackedMemory memory;
    private Model model;
    private MemorySnapshot base;
    private byte[] baseBytes;
    private final List<MemorySnapshot> snapshots = new ArrayList<>();
    private final List<byte[]> saved = new ArrayList<>();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 42, 20_240_611})
    void shouldMatchAByteArrayModelThroughRandomStoresSnapshotsRestoresAndGrows(final long seed)
    {
        this.seed = seed;
        random = new Random(seed);
        memory = new TrackedMemory(new MemoryLimits(2, MAXIMUM_PAGES));
        model = new Model(2);
        final DataSegment[] segments = {new PassiveDataSegment(SEGMENT)};
        memory.initialize(null, segments);
        Arrays.fill(model.marked, true);

        for (step = 0; step < STEPS; step++)
        {
            final int choice = random.nextInt(100);
            if (choice < 50)
            {
                model.randomStore(random, memory);
            }
            else if (choice < 58)
            {
                model.randomRewrite(random, memory);
            }
            else if (choice < 68)
            {
                model.randomAtomic(random, memory);
            }
            else if (choice < 78)
            {
                snapshot();
            }
            else if (choice < 86)
            {
                restore();
            }
            else if (choice < 90)
            {
                grow();
            }
            else if (choice < 96)
            {
                model.randomTrap(random, memory);
            }
            else
            {
                fork();
            }
            assertMemoryMatchesModel();
            if (!snapshots.isEmpty())
            {
                final int index = random.nextInt(snapshots.size());
                assertSnapshotMatches(snapshots.get(index), saved.get(index));
            }
            if (step % 100 == 0)
            {
                assertAllSnapshotsMatch();
            }
        }
        assertAllSnapshotsMatch();
    }

    private void snapshot()
    {
        final MemorySnapshot snapshot = memory.snapshot();
        final byte[] bytes = model.bytes.clone();
        assertSnapshotMatches(snapshot, bytes);
        final int pageCount = bytes.length / PAGE;
        final int basePages = base == null ? 0 : base.pageCount();
        for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
        {
            final int from = pageIndex * PAGE;
            final int to = from + PAGE;
            final int at = pageIndex;
            if (pageIndex < basePages && Arrays.equals(bytes, from, to, baseBytes, from, to))
            {
                assertSame(base.pageArray(pageIndex), snapshot.pageArray(pageIndex),
                    () -> where() + ": page " + at + " equals the base's and must share its array");
            }
            else if (pageIndex < basePages)
            {
                assertNotSame(base.pageArray(pageIndex), snapshot.pageArray(pageIndex),
                    () -> where() + ": page " + at + " differs from the base's");
            }
            else
            {
                final boolean zero = Arrays.mismatch(bytes, from, to, CowMemory.ZERO_PAGE, 0, PAGE) < 0;
                assertEquals(zero, snapshot.isZeroPage(pageIndex),
                    () -> where() + ": page " + at + " beyond the base is the zero page exactly when it is zero");
            }
        }
        keep(snapshot, bytes);
        base = snapshot;
        baseBytes = bytes;
        model.clearMarks();
    }

    private void restore()
    {
        if (snapshots.isEmpty())
        {
            return;
        }
        final int index = random.nextInt(snapshots.size());
        memory.restore(snapshots.get(index));
        model.bytes = saved.get(index).clone();
        model.marked = new boolean[model.bytes.length / BLOCK];
        base = snapshots.get(index);
        baseBytes = saved.get(index);
    }

    private void grow()
    {
        final int pages = model.bytes.length / PAGE;
        final int deltaPages = random.nextInt(3);
        final int expected = pages + deltaPages <= MAXIMUM_PAGES ? pages : -1;
        assertEquals(expected, memory.grow(deltaPages), this::where);
        if (expected >= 0)
        {
            model.bytes = Arrays.copyOf(model.bytes, (pages + deltaPages) * PAGE);
            model.marked = Arrays.copyOf(model.marked, (pages + deltaPages) * BLOCKS_PER_PAGE);
        }
    }

    private void fork()
    {
        if (snapshots.isEmpty())
        {
            return;
        }
        final int index = random.nextInt(snapshots.size());
        final MemorySnapshot snapshot = snapshots.get(index);
        final TrackedMemory fork = TrackedMemory.fork(snapshot);
        fork.zero();
        fork.initialize(null, new DataSegment[] {new PassiveDataSegment(SEGMENT)});
        final Model forkModel = new Model(saved.get(index).clone());
        assertArrayEquals(forkModel.bytes, fork.readBytes(0, forkModel.bytes.length), this::where);
        for (int i = 0; i < 4; i++)
        {
            forkModel.randomStore(random, fork);
        }
        assertArrayEquals(forkModel.bytes, fork.readBytes(0, forkModel.bytes.length), this::where);
        final MemorySnapshot forkSnapshot = fork.snapshot();
        assertSnapshotMatches(forkSnapshot, forkModel.bytes);
        assertSnapshotMatches(snapshot, saved.get(index));
        // a later restore of this memory may take the fork's snapshot, which shares only some pages with the base
        keep(forkSnapshot, forkModel.bytes);
    }

    private void keep(final MemorySnapshot snapshot, final byte[] bytes)
    {
        if (snapshots.size() == KEPT_SNAPSHOTS)
        {
            final int dropped = random.nextInt(KEPT_SNAPSHOTS);
            snapshots.remove(dropped);
            saved.remove(dropped);
        }
        snapshots.add(snapshot);
        saved.add(bytes);
    }

    private void assertMemoryMatchesModel()
    {
        final int pages = model.bytes.length / PAGE;
        assertEquals(pages, memory.pages(), this::where);
        assertArrayEquals(model.bytes, memory.readBytes(0, model.bytes.length), this::where);
        int markedCount = 0;
        for (int pageIndex = 0; pageIndex < pages; pageIndex++)
        {
            boolean marked = false;
            for (int block = pageIndex * BLOCKS_PER_PAGE; block < (pageIndex + 1) * BLOCKS_PER_PAGE; block++)
            {
                marked |= model.marked[block];
            }
            markedCount += marked ? 1 : 0;
            // a store marks its first byte's block; the block after a marked one may have changed too
            final boolean candidate = base == null || marked ||
                pageIndex > 0 && model.marked[pageIndex * BLOCKS_PER_PAGE - 1];
            final int at = pageIndex;
            assertEquals(candidate, memory.isCandidate(pageIndex), () -> where() + ": candidate page " + at);
        }
        assertEquals(markedCount, memory.markedPageCount(), this::where);
    }

    private void assertSnapshotMatches(final MemorySnapshot snapshot, final byte[] expected)
    {
        assertEquals(expected.length / PAGE, snapshot.pageCount(), this::where);
        final byte[] bytes = new byte[expected.length];
        snapshot.read(0, bytes, 0, bytes.length);
        assertArrayEquals(expected, bytes, () -> where() + ": snapshot bytes");
    }

    private void assertAllSnapshotsMatch()
    {
        for (int index = 0; index < snapshots.size(); index++)
        {
            assertSnapshotMatches(snapshots.get(index), saved.get(index));
        }
    }

    private String where()
    {
        return "seed " + seed + " step " + step;
    }

    /**
     * The reference: the memory's bytes and the 4 KiB blocks stored to since the base, updated by hand beside each
     * operation run on the memory under test.
     */
    private static final class Model
    {
        private byte[] bytes;
        private boolean[] marked;

        Model(final int pages)
        {
            this(new byte[pages * PAGE]);
        }

        Model(final byte[] bytes)
        {
            this.bytes = bytes;
            this.marked = new boolean[bytes.length / BLOCK];
        }

        void clearMarks()
        {
            Arrays.fill(marked, false);
        }

        private void mark(final int address, final int length)
        {
            for (int block = address / BLOCK; block <= (address + length - 1) / BLOCK; block++)
            {
                marked[block] = true;
            }
        }

        /**
         * An address for {@code width} bytes: half the time across or beside a page boundary, a quarter of the time
         * across or beside a 4 KiB block boundary inside a page.
         */
        private int address(final Random random, final int width)
        {
            final int pages = bytes.length / PAGE;
            if (pages > 1 && random.nextBoolean())
            {
                final int boundary = (1 + random.nextInt(pages - 1)) * PAGE;
                return Math.max(0, Math.min(bytes.length - width, boundary - width + random.nextInt(width + 1)));
            }
            if (pages > 0 && random.nextBoolean())
            {
                // across or beside a block boundary inside a page
                final int boundary = random.nextInt(pages) * PAGE + (1 + random.nextInt(BLOCKS_PER_PAGE - 1)) * BLOCK;
                return Math.max(0, Math.min(bytes.length - width, boundary - width + random.nextInt(width + 1)));
            }
            return random.nextInt(bytes.length - width + 1);
        }

        void randomStore(final Random random, final Memory memory)
        {
            final int kind = random.nextInt(10);
            if (kind < 6)
            {
                final int width = new int[] {1, 2, 4, 8, 4, 8}[kind];
                final int address = address(random, width);
                final long value = random.nextLong();
                switch (kind)
                {
                    case 0 -> memory.writeByte(address, (byte)value);
                    case 1 -> memory.writeShort(address, (short)value);
                    case 2 -> memory.writeI32(address, (int)value);
                    case 3 -> memory.writeLong(address, value);
                    case 4 -> memory.writeF32(address, Float.intBitsToFloat((int)value));
                    default -> memory.writeF64(address, Double.longBitsToDouble(value));
                }
                final long stored = kind == 4 ? Float.floatToRawIntBits(Float.intBitsToFloat((int)value)) :
                    kind == 5 ? Double.doubleToRawLongBits(Double.longBitsToDouble(value)) : value;
                put(address, width, stored);
                mark(address, 1);
                return;
            }
            final int length = 1 + random.nextInt(Math.min(bytes.length, 2 * PAGE));
            final int address = address(random, length);
            switch (kind)
            {
                case 6 ->
                {
                    final int offset = random.nextInt(16);
                    final byte[] data = new byte[offset + length];
                    random.nextBytes(data);
                    memory.write(address, data, offset, length);
                    System.arraycopy(data, offset, bytes, address, length);
                }
                case 7 ->
                {
                    final byte value = (byte)random.nextInt();
                    memory.fill(value, address, address + length);
                    Arrays.fill(bytes, address, address + length, value);
                }
                case 8 ->
                {
                    final int source = random.nextInt(bytes.length - length + 1);
                    memory.copy(address, source, length);
                    System.arraycopy(bytes, source, bytes, address, length);
                }
                default ->
                {
                    final int segmentLength = Math.min(length, SEGMENT.length);
                    final int offset = random.nextInt(SEGMENT.length - segmentLength + 1);
                    memory.initPassiveSegment(0, address, offset, segmentLength);
                    System.arraycopy(SEGMENT, offset, bytes, address, segmentLength);
                    mark(address, segmentLength);
                    return;
                }
            }
            mark(address, length);
        }

        /**
         * Stores the bytes already there, or changes a byte and changes it back: marks pages without changing them.
         * A single value marks only its first byte's page, a bulk write every page it covers.
         */
        void randomRewrite(final Random random, final Memory memory)
        {
            final int width = 1 << random.nextInt(4);
            final int address = address(random, width);
            if (random.nextBoolean())
            {
                memory.writeByte(address, (byte)~bytes[address]);
                memory.writeByte(address, bytes[address]);
            }
            else if (width == 8)
            {
                memory.writeLong(address, get(address, 8));
            }
            else
            {
                final int length = 1 + random.nextInt(Math.min(bytes.length - address, PAGE + 16));
                memory.write(address, Arrays.copyOfRange(bytes, address, address + length), 0, length);
                mark(address, length);
                return;
            }
            mark(address, 1);
        }

        void randomAtomic(final Random random, final Memory memory)
        {
            final int width = 1 << random.nextInt(4);
            final int address = address(random, width) & -width;
            final long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
            final long old = get(address, width);
            final long operand = random.nextLong();
            final int op = random.nextInt(7);
            final long updated;
            if (op == 0)
            {
                atomicWrite(memory, width, address, operand);
                updated = operand;
            }
            else
            {
                final long expected = random.nextBoolean() ? old : random.nextLong();
                final long returned = atomicReadModifyWrite(memory, width, op, address,
                    op == 6 ? expected : operand, operand);
                assertEquals(old, returned & mask, "an atomic returns the value before it");
                updated = switch (op)
                {
                    case 1 -> old + operand;
                    case 2 -> old & operand;
                    case 3 -> old | operand;
                    case 4 -> old ^ operand;
                    case 5 -> operand;
                    default -> ((expected ^ old) & mask) == 0 ? operand : old;
                };
            }
            put(address, width, updated);
            mark(address, 1);
        }

        private static void atomicWrite(final Memory memory, final int width, final int address, final long value)
        {
            switch (width)
            {
                case 1 -> memory.atomicWriteByte(address, (byte)value);
                case 2 -> memory.atomicWriteShort(address, (short)value);
                case 4 -> memory.atomicWriteInt(address, (int)value);
                default -> memory.atomicWriteLong(address, value);
            }
        }

        private static long atomicReadModifyWrite(
            final Memory memory, final int width, final int op, final int address, final long operand,
            final long replacement)
        {
            return switch (width)
            {
                case 1 -> switch (op)
                {
                    case 1 -> memory.atomicAddByte(address, (byte)operand);
                    case 2 -> memory.atomicAndByte(address, (byte)operand);
                    case 3 -> memory.atomicOrByte(address, (byte)operand);
                    case 4 -> memory.atomicXorByte(address, (byte)operand);
                    case 5 -> memory.atomicXchgByte(address, (byte)operand);
                    default -> memory.atomicCmpxchgByte(address, (byte)operand, (byte)replacement);
                };
                case 2 -> switch (op)
                {
                    case 1 -> memory.atomicAddShort(address, (short)operand);
                    case 2 -> memory.atomicAndShort(address, (short)operand);
                    case 3 -> memory.atomicOrShort(address, (short)operand);
                    case 4 -> memory.atomicXorShort(address, (short)operand);
                    case 5 -> memory.atomicXchgShort(address, (short)operand);
                    default -> memory.atomicCmpxchgShort(address, (short)operand, (short)replacement);
                };
                case 4 -> switch (op)
                {
                    case 1 -> memory.atomicAddInt(address, (int)operand);
                    case 2 -> memory.atomicAndInt(address, (int)operand);
                    case 3 -> memory.atomicOrInt(address, (int)operand);
                    case 4 -> memory.atomicXorInt(address, (int)operand);
                    case 5 -> memory.atomicXchgInt(address, (int)operand);
                    default -> memory.atomicCmpxchgInt(address, (int)operand, (int)replacement);
                };
                default -> switch (op)
                {
                    case 1 -> memory.atomicAddLong(address, operand);
                    case 2 -> memory.atomicAndLong(address, operand);
                    case 3 -> memory.atomicOrLong(address, operand);
                    case 4 -> memory.atomicXorLong(address, operand);
                    case 5 -> memory.atomicXchgLong(address, operand);
                    default -> memory.atomicCmpxchgLong(address, operand, replacement);
                };
            };
        }

        /**
         * A store that runs past the end, starts below zero or reads past its source: it must trap and change
         * neither bytes nor marks.
         */
        void randomTrap(final Random random, final Memory memory)
        {
            final int end = bytes.length;
            final int kind = random.nextInt(6);
            assertThrows(RuntimeException.class, () ->
            {
                switch (kind)
                {
                    case 0 -> memory.writeByte(end + random.nextInt(PAGE), (byte)1);
                    case 1 -> memory.writeLong(end - 1 - random.nextInt(7), -1L);
                    case 2 -> memory.writeI32(-1 - random.nextInt(3), -1);
                    case 3 -> memory.write(end - 8, new byte[16], 0, 9 + random.nextInt(8));
                    case 4 -> memory.fill((byte)1, end - PAGE, end + 1);
                    default -> memory.copy(end - 4, 0, 8);
                }
            });
        }

        private long get(final int address, final int width)
        {
            long value = 0;
            for (int i = width - 1; i >= 0; i--)
            {
                value = (value << 8) | (bytes[address + i] & 0xFF);
            }
            return value;
        }

        private void put(final int address, final int width, final long value)
        {
            for (int i = 0; i < width; i++)
            {
                bytes[address + i] = (byte)(value >>> (8 * i));
            }
        }
    }
}
