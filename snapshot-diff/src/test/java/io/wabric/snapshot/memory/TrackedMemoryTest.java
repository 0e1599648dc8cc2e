package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import io.wabric.core.memory.MemoryContractTest;
import io.wabric.core.memory.MemoryGrowthListener;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TrackedMemory} under the memory contract (itself and a fork), plus what it adds around its stores
 * (those are {@link TrackedMemoryStoreTest}'s): a fresh or instantiated memory snapshots as zero pages, zero() and
 * instantiation reach every page, restore returns exactly a snapshot's bytes and size, shrinking or growing, growth
 * shares the zero page until written, and a fork keeps a snapshot's contents apart from the memory it came from.
 */
final class TrackedMemoryTest extends MemoryContractTest
{
    private static final int PAGE = Memory.PAGE_SIZE;
    private static final byte[] SEGMENT = pattern(256, 3);

    @Override
    protected Memory newMemory(final MemoryLimits limits)
    {
        return new TrackedMemory(limits);
    }

    @Test
    void shouldShareZeroPagesInASnapshotOfAFreshOrJustInstantiatedMemory()
    {
        final TrackedMemory fresh = new TrackedMemory(new MemoryLimits(3, 5));
        assertTrue(fresh.isCandidate(0), "before the first snapshot every page counts as written");
        final MemorySnapshot empty = fresh.snapshot();
        assertEquals(3, empty.pageCount());
        assertEquals(5, empty.maximumPages());
        assertEquals(3L * PAGE, empty.sizeBytes());
        for (int pageIndex = 0; pageIndex < 3; pageIndex++)
        {
            assertTrue(empty.isZeroPage(pageIndex), "page " + pageIndex);
            assertFalse(fresh.isCandidate(pageIndex));
        }

        final TrackedMemory instantiated = new TrackedMemory(new MemoryLimits(3, 5));
        instantiated.zero();
        instantiated.initialize(null, new DataSegment[] {new ActiveDataSegment(0,
            List.of(new Instruction(0, OpCode.I32_CONST, new long[] {PAGE + 100})), SEGMENT)});
        final MemorySnapshot initialised = instantiated.snapshot();
        assertTrue(initialised.isZeroPage(0));
        assertFalse(initialised.isZeroPage(1));
        assertTrue(initialised.isZeroPage(2));
        final byte[] segment = new byte[SEGMENT.length];
        initialised.read(PAGE + 100, segment, 0, segment.length);
        assertArrayEquals(SEGMENT, segment);
    }

    @Test
    void shouldReturnItsBaseWhenNoPageChangedAndANewSnapshotOnceOneDid()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(3, 4));
        memory.writeI32(70_000, 5);
        final MemorySnapshot base = memory.snapshot();
        assertSame(base, memory.snapshot(), "nothing stored since");
        memory.writeI32(70_000, 5);
        assertSame(base, memory.snapshot(), "stored the bytes it held");
        memory.writeI32(70_000 + 4096, 6);
        final MemorySnapshot changed = memory.snapshot();
        assertNotSame(base, changed);
        assertSame(base.pageArray(0), changed.pageArray(0));
        assertNotSame(base.pageArray(1), changed.pageArray(1));
        assertSame(base.pageArray(2), changed.pageArray(2));
        assertEquals(3, memory.grow(1), "grow returns the old page count");
        final MemorySnapshot grown = memory.snapshot();
        assertNotSame(changed, grown, "a grown memory has another page count");
        assertEquals(4, grown.pageCount());
        assertTrue(grown.isZeroPage(3));
    }

    @Test
    void shouldCaptureZeroAndAnotherInstantiationOnEveryPage()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(3, 3));
        final byte[] contents = pattern(3 * PAGE, 37);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot written = memory.snapshot();

        memory.zero();
        assertEquals(3, memory.markedPageCount());
        final MemorySnapshot zeroed = memory.snapshot();
        assertArrayEquals(new byte[3 * PAGE], bytesOf(zeroed));
        assertSharesPagesExcept(written, zeroed, 0, 1, 2);

        memory.initialize(null, new DataSegment[] {new ActiveDataSegment(0,
            List.of(new Instruction(0, OpCode.I32_CONST, new long[] {2 * PAGE - 10})), SEGMENT)});
        assertEquals(3, memory.markedPageCount(), "instantiation may have written any page");
        final MemorySnapshot initialised = memory.snapshot();
        assertSharesPagesExcept(zeroed, initialised, 1, 2);
        final byte[] segment = new byte[SEGMENT.length];
        initialised.read(2 * PAGE - 10, segment, 0, segment.length);
        assertArrayEquals(SEGMENT, segment);

        memory.zero();
        memory.restore(written);
        assertArrayEquals(contents, memory.readBytes(0, 3 * PAGE));
    }

    @Test
    void shouldRestoreOlderSnapshotsToExactlyTheirBytes()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(3, 3));
        final Random random = new Random(17);
        final List<MemorySnapshot> snapshots = new ArrayList<>();
        final List<byte[]> expected = new ArrayList<>();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 20; i++)
            {
                memory.writeLong(random.nextInt(3 * PAGE - 8), random.nextLong());
            }
            snapshots.add(memory.snapshot());
            expected.add(memory.readBytes(0, 3 * PAGE));
        }
        for (final int index : new int[] {0, 4, 2, 2, 1, 3, 0})
        {
            memory.restore(snapshots.get(index));
            assertArrayEquals(expected.get(index), memory.readBytes(0, 3 * PAGE), "snapshot " + index);
            assertSharesPagesExcept(snapshots.get(index), memory.snapshot());
        }
        for (int index = 0; index < snapshots.size(); index++)
        {
            assertArrayEquals(expected.get(index), bytesOf(snapshots.get(index)), "snapshot " + index);
        }
    }

    @Test
    void shouldShrinkWhenRestoringASnapshotTakenBeforeAGrowAndGrowZeroPagesAgain()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(1, 4));
        memory.writeI32(4, 5);
        final MemorySnapshot small = memory.snapshot();
        final byte[] smallBytes = memory.readBytes(0, PAGE);

        assertEquals(1, memory.grow(2));
        memory.writeI32(4, 6);
        memory.writeLong(PAGE - 4, -1L);
        memory.fill((byte)9, PAGE, 3 * PAGE);
        final MemorySnapshot large = memory.snapshot();
        final byte[] largeBytes = memory.readBytes(0, 3 * PAGE);

        memory.restore(small);
        assertEquals(1, memory.pages());
        assertEquals(1, memory.pageCount());
        assertArrayEquals(smallBytes, memory.readBytes(0, PAGE));
        assertThrows(RuntimeException.class, () -> memory.read(PAGE));

        assertEquals(1, memory.grow(2), "grows again from the restored size");
        assertArrayEquals(new byte[2 * PAGE], memory.readBytes(PAGE, 2 * PAGE), "grown pages start at zero");
        final MemorySnapshot regrown = memory.snapshot();
        assertSame(small.pageArray(0), regrown.pageArray(0));
        assertTrue(regrown.isZeroPage(1));
        assertTrue(regrown.isZeroPage(2));

        memory.restore(large);
        assertArrayEquals(largeBytes, memory.readBytes(0, 3 * PAGE));
        assertArrayEquals(largeBytes, bytesOf(large));
    }

    @Test
    void shouldKeepThePagesBothSnapshotsShareWhenRestoringAcrossASizeChange()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(1, 3));
        final byte[] first = pattern(PAGE, 41);
        memory.write(0, first, 0, PAGE);
        final MemorySnapshot small = memory.snapshot();
        memory.grow(2);
        memory.fill((byte)3, PAGE, 3 * PAGE);
        final MemorySnapshot large = memory.snapshot();
        assertSame(small.pageArray(0), large.pageArray(0));

        // page 0 is neither marked nor held in another array: restore must carry it over as it is
        memory.restore(small);
        assertArrayEquals(first, memory.readBytes(0, PAGE));
        memory.restore(large);
        assertArrayEquals(first, memory.readBytes(0, PAGE));
        assertArrayEquals(bytesOf(large), memory.readBytes(0, 3 * PAGE));
    }

    @Test
    void shouldGrowWhenRestoringALargerSnapshotIntoASmallerMemory()
    {
        final TrackedMemory source = new TrackedMemory(new MemoryLimits(3, 4));
        final byte[] contents = pattern(3 * PAGE, 13);
        source.write(0, contents, 0, contents.length);
        final MemorySnapshot snapshot = source.snapshot();

        final TrackedMemory target = new TrackedMemory(new MemoryLimits(1, 4));
        target.writeI32(0, 99);
        target.restore(snapshot);
        assertEquals(3, target.pages());
        assertArrayEquals(contents, target.readBytes(0, 3 * PAGE));
        assertSharesPagesExcept(snapshot, target.snapshot());
        assertEquals(3, target.grow(1));
        assertEquals(0, target.readLong(3 * PAGE + 8));

        final TrackedMemory based = new TrackedMemory(new MemoryLimits(1, 4));
        based.writeI32(0, 99);
        based.snapshot();
        based.restore(snapshot);
        assertArrayEquals(contents, based.readBytes(0, 3 * PAGE), "from a memory that had a base");
    }

    @Test
    void shouldCopyEveryPageThatARestoredSnapshotHoldsInOtherArraysThanTheBase()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(3, 3));
        final byte[] contents = pattern(3 * PAGE, 19);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot base = memory.snapshot();

        // no page is marked: only the arrays tell restore which pages to copy
        final byte[] otherPage = pattern(PAGE, 23);
        final MemorySnapshot other = MemorySnapshot.ofPages(
            new byte[][] {base.pageArray(0), otherPage, null}, 3);
        memory.restore(other);
        final byte[] expected = contents.clone();
        System.arraycopy(otherPage, 0, expected, PAGE, PAGE);
        Arrays.fill(expected, 2 * PAGE, 3 * PAGE, (byte)0);
        assertArrayEquals(expected, memory.readBytes(0, 3 * PAGE));

        final MemorySnapshot copied = MemorySnapshot.copyOf(contents, 3);
        memory.restore(copied);
        assertArrayEquals(contents, memory.readBytes(0, 3 * PAGE));
        assertSharesPagesExcept(copied, memory.snapshot());
    }

    @Test
    void shouldRefuseToRestoreASnapshotLargerThanTheMaximum()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(1, 2));
        memory.writeI32(0, 7);
        final MemorySnapshot large = new TrackedMemory(new MemoryLimits(3, 3)).snapshot();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> memory.restore(large));
        assertEquals("snapshot of 3 pages exceeds this memory's maximum of 2 pages", ex.getMessage());
        assertEquals(1, memory.pages());
        assertEquals(7, memory.readInt(0));
    }

    @Test
    void shouldGrowZeroPagesThatSnapshotsShareUntilWrittenAndRefuseToGrowPastTheMaximum()
    {
        final int[] refused = new int[3];
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(1, 10), 4, (current, delta, maximum) ->
        {
            refused[0] = current;
            refused[1] = delta;
            refused[2] = maximum;
        });
        assertEquals(4, memory.maximumPages(), "capped by the host");
        assertEquals(1, memory.initialPages());
        memory.writeI32(8, 42);
        final MemorySnapshot before = memory.snapshot();

        assertEquals(1, memory.grow(2));
        assertEquals(3, memory.pages());
        assertEquals(3, memory.pageCount());
        assertArrayEquals(new byte[2 * PAGE], memory.readBytes(PAGE, 2 * PAGE));
        assertEquals(42, memory.readInt(8));
        final MemorySnapshot grown = memory.snapshot();
        assertEquals(3, grown.pageCount());
        assertSame(before.pageArray(0), grown.pageArray(0));
        assertTrue(grown.isZeroPage(1));
        assertTrue(grown.isZeroPage(2));

        memory.writeLong(2 * PAGE - 4, -1L);
        final MemorySnapshot written = memory.snapshot();
        assertSame(grown.pageArray(0), written.pageArray(0));
        assertFalse(written.isZeroPage(1));
        assertFalse(written.isZeroPage(2));
        assertEquals(-1L, readLong(written, 2 * PAGE - 4));

        assertEquals(-1, memory.grow(2));
        assertArrayEquals(new int[] {3, 2, 4}, refused);
        assertEquals(3, memory.pages());
        assertEquals(3, memory.grow(1));
        assertEquals(4, memory.grow(0));
        assertEquals(-1, memory.grow(1));
        assertTrue(memory.snapshot().isZeroPage(3));
    }

    @Test
    void shouldSnapshotGrowAndRestoreAMemoryOfNoPages()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(0, 2));
        final MemorySnapshot empty = memory.snapshot();
        assertEquals(0, empty.pageCount());
        assertEquals(0, memory.grow(1));
        assertTrue(memory.snapshot().isZeroPage(0));
        memory.writeI32(PAGE - 4, -1);
        final MemorySnapshot one = memory.snapshot();
        assertEquals(-1, readInt(one, PAGE - 4));

        memory.restore(empty);
        assertEquals(0, memory.pages());
        assertEquals(0, memory.snapshot().pageCount());
        memory.restore(one);
        assertEquals(-1, memory.readInt(PAGE - 4));
        final TrackedMemory fork = TrackedMemory.fork(empty);
        assertEquals(0, fork.pages());
        assertEquals(0, fork.grow(2));
        assertArrayEquals(new byte[2 * PAGE], fork.readBytes(0, 2 * PAGE));
    }

    @Test
    void shouldForkASnapshotThatNeitherTheForkNorTheOriginalChange()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(2, 6));
        final byte[] contents = pattern(2 * PAGE, 29);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot snapshot = memory.snapshot();

        final TrackedMemory fork = TrackedMemory.fork(snapshot);
        assertEquals(2, fork.pages());
        assertEquals(6, fork.maximumPages());
        assertArrayEquals(contents, fork.readBytes(0, 2 * PAGE));
        assertSharesPagesExcept(snapshot, fork.snapshot());

        fork.zero();
        fork.initialize(null, new DataSegment[] {new ActiveDataSegment(0,
            List.of(new Instruction(0, OpCode.I32_CONST, new long[] {0})), SEGMENT)});
        assertArrayEquals(contents, fork.readBytes(0, 2 * PAGE), "instantiation keeps the snapshot's contents");

        fork.writeLong(PAGE - 4, 0x0102_0304_0506_0708L);
        fork.grow(1);
        fork.fill((byte)1, 2 * PAGE, 3 * PAGE);
        memory.writeI32(PAGE + 8, 12345);
        assertArrayEquals(contents, bytesOf(snapshot));
        assertEquals(contents[PAGE - 4], memory.read(PAGE - 4), "the original does not see the fork's writes");
        assertEquals(0x0102_0304_0506_0708L, fork.readLong(PAGE - 4));
        assertEquals(readLong(snapshot, PAGE + 8), fork.readLong(PAGE + 8), "nor the fork the original's");
        final MemorySnapshot forkSnapshot = fork.snapshot();
        assertEquals(3, forkSnapshot.pageCount());
        assertSharesPagesExcept(snapshot, forkSnapshot, 0, 1, 2);

        fork.restore(snapshot);
        assertArrayEquals(contents, fork.readBytes(0, 2 * PAGE));
        fork.zero();
        assertArrayEquals(new byte[2 * PAGE], fork.readBytes(0, 2 * PAGE), "after instantiation zero() is real");
    }

    @Test
    void shouldCapAForkAtTheHostsMaximumAndRefuseOneThatCannotHoldTheSnapshot()
    {
        final MemorySnapshot snapshot = new TrackedMemory(new MemoryLimits(2, 8)).snapshot();
        final TrackedMemory capped = TrackedMemory.fork(snapshot, 3, MemoryGrowthListener.NONE);
        assertEquals(3, capped.maximumPages());
        assertEquals(2, capped.grow(1));
        assertEquals(-1, capped.grow(1));
        assertThrows(UninstantiableException.class, () -> TrackedMemory.fork(snapshot, 1, MemoryGrowthListener.NONE));
    }

    /**
     * The contract over a fork of a snapshot, taken through the {@code zero()} and {@code initialize()} calls
     * Chicory makes when it instantiates a module over it.
     */
    @Nested
    final class Fork extends MemoryContractTest
    {
        @Override
        protected Memory newMemory(final MemoryLimits limits)
        {
            final TrackedMemory original = new TrackedMemory(limits);
            final int sizeBytes = original.pages() * PAGE;
            if (sizeBytes > 0)
            {
                original.fill((byte)0x5A, 0, sizeBytes);
                original.snapshot();
                original.fill((byte)0, 0, sizeBytes);
            }
            final TrackedMemory fork = TrackedMemory.fork(original.snapshot());
            fork.zero();
            fork.initialize(null, null);
            return fork;
        }
    }

    /**
     * Every page of {@code after} but {@code changedPages} is the very array {@code before} holds (the zero page
     * where {@code after} is the larger), and each changed page another array.
     */
    static void assertSharesPagesExcept(
        final MemorySnapshot before, final MemorySnapshot after, final int... changedPages)
    {
        for (int pageIndex = 0; pageIndex < after.pageCount(); pageIndex++)
        {
            if (pageIndex >= before.pageCount())
            {
                assertEquals(!contains(changedPages, pageIndex), after.isZeroPage(pageIndex), "page " + pageIndex);
            }
            else if (contains(changedPages, pageIndex))
            {
                assertNotSame(before.pageArray(pageIndex), after.pageArray(pageIndex), "page " + pageIndex);
            }
            else
            {
                assertSame(before.pageArray(pageIndex), after.pageArray(pageIndex), "page " + pageIndex);
            }
        }
    }

    static boolean contains(final int[] values, final int value)
    {
        for (final int candidate : values)
        {
            if (candidate == value)
            {
                return true;
            }
        }
        return false;
    }

    static byte[] bytesOf(final MemorySnapshot snapshot)
    {
        final byte[] bytes = new byte[(int)snapshot.sizeBytes()];
        snapshot.read(0, bytes, 0, bytes.length);
        return bytes;
    }

    static long readLong(final MemorySnapshot snapshot, final int address)
    {
        return read(snapshot, address, 8);
    }

    static int readInt(final MemorySnapshot snapshot, final int address)
    {
        return (int)read(snapshot, address, 4);
    }

    /**
     * @return the little-endian value of {@code width} bytes of a snapshot, through {@link MemorySnapshot#read}.
     */
    private static long read(final MemorySnapshot snapshot, final int address, final int width)
    {
        final byte[] bytes = new byte[width];
        snapshot.read(address, bytes, 0, width);
        long value = 0;
        for (int i = width - 1; i >= 0; i--)
        {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    /**
     * @return {@code length} pseudo-random bytes, the same for the same seed.
     */
    static byte[] pattern(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
