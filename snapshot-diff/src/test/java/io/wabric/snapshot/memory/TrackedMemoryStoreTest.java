package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import io.wabric.core.memory.FlatMemory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static io.wabric.snapshot.memory.TrackedMemoryTest.assertSharesPagesExcept;
import static io.wabric.snapshot.memory.TrackedMemoryTest.bytesOf;
import static io.wabric.snapshot.memory.TrackedMemoryTest.contains;
import static io.wabric.snapshot.memory.TrackedMemoryTest.pattern;
import static io.wabric.snapshot.memory.TrackedMemoryTest.readInt;
import static io.wabric.snapshot.memory.TrackedMemoryTest.readLong;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stores of a {@link TrackedMemory}: every kind, plain, bulk and atomic, lands in the next snapshot and is undone
 * by a restore, while unwritten and rewritten-unchanged pages keep the previous snapshot's arrays; a store that
 * straddles a page boundary is caught on both pages; a store that traps leaves bytes and page marks as they were;
 * and atomics sent to a router mark nothing. {@link FlatMemory} is the reference for what a store does to the
 * bytes: the question here is only whether snapshots and restores carry it.
 */
final class TrackedMemoryStoreTest
{
    private static final int PAGE = Memory.PAGE_SIZE;
    private static final int PAGES = 4;
    private static final byte[] SEGMENT = pattern(256, 3);

    /**
     * A store of some width at an address: one case of the parameterised tests, applied to the memory under test and
     * to the reference alike.
     */
    @FunctionalInterface
    interface Store
    {
        void apply(Memory memory, int address);
    }

    private static Arguments store(final String name, final int widthBytes, final Store store)
    {
        return Arguments.of(Named.of(name, store), widthBytes);
    }

    static Stream<Arguments> plainStores()
    {
        return Stream.of(
            store("writeByte", 1, (memory, address) -> memory.writeByte(address, (byte)0xA5)),
            store("writeShort", 2, (memory, address) -> memory.writeShort(address, (short)0xA5A5)),
            store("writeI32", 4, (memory, address) -> memory.writeI32(address, 0xCAFE_BABE)),
            store("writeLong", 8, (memory, address) -> memory.writeLong(address, 0x0102_0304_0506_0708L)),
            store("writeF32", 4, (memory, address) -> memory.writeF32(address, -1.5f)),
            store("writeF64", 8, (memory, address) -> memory.writeF64(address, Math.PI)),
            store("write", 100, (memory, address) -> memory.write(address, pattern(100, 11), 0, 100)),
            store("fill", 100, (memory, address) -> memory.fill((byte)0x77, address, address + 100)),
            store("copy", 100, (memory, address) -> memory.copy(address, 8, 100)),
            store("initPassiveSegment", 100, (memory, address) -> memory.initPassiveSegment(0, address, 3, 100)));
    }

    static Stream<Arguments> atomicStores()
    {
        return Stream.of(
            store("atomicWriteByte", 1, (memory, address) -> memory.atomicWriteByte(address, (byte)0xA5)),
            store("atomicWriteShort", 2, (memory, address) -> memory.atomicWriteShort(address, (short)0xA5A5)),
            store("atomicWriteInt", 4, (memory, address) -> memory.atomicWriteInt(address, 0xCAFE_BABE)),
            store("atomicWriteLong", 8, (memory, address) -> memory.atomicWriteLong(address, -3L)),
            store("atomicAddByte", 1, (memory, address) -> memory.atomicAddByte(address, (byte)1)),
            store("atomicAndByte", 1, (memory, address) -> memory.atomicAndByte(address, (byte)0)),
            store("atomicOrByte", 1, (memory, address) -> memory.atomicOrByte(address, (byte)-1)),
            store("atomicXorByte", 1, (memory, address) -> memory.atomicXorByte(address, (byte)0x10)),
            store("atomicXchgByte", 1, (memory, address) -> memory.atomicXchgByte(address, (byte)0xA5)),
            store("atomicCmpxchgByte", 1,
                (memory, address) -> memory.atomicCmpxchgByte(address, memory.read(address), (byte)0xA5)),
            store("atomicAddShort", 2, (memory, address) -> memory.atomicAddShort(address, (short)1)),
            store("atomicAndShort", 2, (memory, address) -> memory.atomicAndShort(address, (short)0)),
            store("atomicOrShort", 2, (memory, address) -> memory.atomicOrShort(address, (short)-1)),
            store("atomicXorShort", 2, (memory, address) -> memory.atomicXorShort(address, (short)0x1010)),
            store("atomicXchgShort", 2, (memory, address) -> memory.atomicXchgShort(address, (short)0xA5A5)),
            store("atomicCmpxchgShort", 2,
                (memory, address) -> memory.atomicCmpxchgShort(address, memory.readShort(address), (short)0xA5A5)),
            store("atomicAddInt", 4, (memory, address) -> memory.atomicAddInt(address, 1)),
            store("atomicAndInt", 4, (memory, address) -> memory.atomicAndInt(address, 0)),
            store("atomicOrInt", 4, (memory, address) -> memory.atomicOrInt(address, -1)),
            store("atomicXorInt", 4, (memory, address) -> memory.atomicXorInt(address, 0x1010_1010)),
            store("atomicXchgInt", 4, (memory, address) -> memory.atomicXchgInt(address, 0xCAFE_BABE)),
            store("atomicCmpxchgInt", 4,
                (memory, address) -> memory.atomicCmpxchgInt(address, memory.readInt(address), 0xCAFE_BABE)),
            store("atomicAddLong", 8, (memory, address) -> memory.atomicAddLong(address, 1L)),
            store("atomicAndLong", 8, (memory, address) -> memory.atomicAndLong(address, 0L)),
            store("atomicOrLong", 8, (memory, address) -> memory.atomicOrLong(address, -1L)),
            store("atomicXorLong", 8, (memory, address) -> memory.atomicXorLong(address, 0x1010_1010_1010_1010L)),
            store("atomicXchgLong", 8, (memory, address) -> memory.atomicXchgLong(address, -3L)),
            store("atomicCmpxchgLong", 8,
                (memory, address) -> memory.atomicCmpxchgLong(address, memory.readLong(address), -3L)));
    }

    static Stream<Arguments> allStores()
    {
        return Stream.concat(plainStores(), atomicStores());
    }

    static Stream<Arguments> straddlingStores()
    {
        return plainStores().filter((arguments) -> (int)arguments.get()[1] > 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allStores")
    void shouldCaptureEveryKindOfStoreAndShareTheUnwrittenPages(final Store store, final int widthBytes)
    {
        // page 2, aligned for every atomic width
        assertStoreCapturedAndUndone(store, 2 * PAGE + 1000, 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("straddlingStores")
    void shouldCaptureAndUndoAStoreStraddlingAPageBoundaryOnBothPages(final Store store, final int widthBytes)
    {
        assertStoreCapturedAndUndone(store, 2 * PAGE - widthBytes / 2, 1, 2);
    }

    /**
     * Runs one store on a memory of random contents and on a {@link FlatMemory} holding the same, then checks that
     * restoring the base undoes it (only the page marks say where), that after running it again the next snapshot
     * holds the reference's bytes in new arrays for exactly {@code changedPages} and shares the others with the
     * snapshot before, and that restores between the two snapshots (only the arrays differ) undo and redo it.
     */
    private static void assertStoreCapturedAndUndone(final Store store, final int address, final int... changedPages)
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(PAGES, PAGES));
        final FlatMemory reference = new FlatMemory(new MemoryLimits(PAGES, PAGES));
        final DataSegment[] segments = {new PassiveDataSegment(SEGMENT)};
        memory.initialize(null, segments);
        reference.initialize(null, segments);
        final byte[] contents = pattern(PAGES * PAGE, 5);
        memory.write(0, contents, 0, contents.length);
        reference.write(0, contents, 0, contents.length);
        final MemorySnapshot before = memory.snapshot();
        assertEquals(0, memory.markedPageCount());

        store.apply(memory, address);
        store.apply(reference, address);
        final byte[] expected = reference.readBytes(0, PAGES * PAGE);
        for (final int pageIndex : changedPages)
        {
            assertFalse(Arrays.equals(contents, pageIndex * PAGE, (pageIndex + 1) * PAGE,
                expected, pageIndex * PAGE, (pageIndex + 1) * PAGE), "the store must change page " + pageIndex);
        }
        assertArrayEquals(expected, memory.readBytes(0, PAGES * PAGE));
        final int lastChanged = changedPages[changedPages.length - 1];
        for (int pageIndex = 0; pageIndex < PAGES; pageIndex++)
        {
            if (contains(changedPages, pageIndex))
            {
                assertTrue(memory.isCandidate(pageIndex), "page " + pageIndex);
            }
            else if (pageIndex < changedPages[0] || pageIndex > lastChanged + 1)
            {
                // the page after a changed one is a candidate too: a store marks only its first byte's page
                assertFalse(memory.isCandidate(pageIndex), "page " + pageIndex);
            }
        }

        memory.restore(before);
        assertArrayEquals(contents, memory.readBytes(0, PAGES * PAGE), "restore to the base undoes the store");
        assertEquals(0, memory.markedPageCount());
        store.apply(memory, address);
        assertArrayEquals(expected, memory.readBytes(0, PAGES * PAGE));

        final MemorySnapshot after = memory.snapshot();
        assertArrayEquals(expected, bytesOf(after));
        assertArrayEquals(contents, bytesOf(before), "a snapshot never changes");
        assertSharesPagesExcept(before, after, changedPages);

        memory.restore(before);
        assertArrayEquals(contents, memory.readBytes(0, PAGES * PAGE), "restore undoes the store on every page");
        assertSharesPagesExcept(before, memory.snapshot());
        memory.restore(after);
        assertArrayEquals(expected, memory.readBytes(0, PAGES * PAGE), "and restore redoes it");
    }

    @Test
    void shouldCaptureAStraddlingStoreThatChangesOnlyThePageItStraddlesInto()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(3, 3));
        memory.writeLong(2 * PAGE - 4, 0x1111_1111_2222_2222L);
        final MemorySnapshot before = memory.snapshot();

        // the low half, on page 1, is rewritten unchanged; only the high half on page 2 changes
        memory.writeLong(2 * PAGE - 4, 0x3333_3333_2222_2222L);
        assertEquals(1, memory.markedPageCount(), "only the first byte's page is marked");
        assertTrue(memory.isCandidate(2), "the page after a marked one may have changed");
        final MemorySnapshot after = memory.snapshot();
        assertSharesPagesExcept(before, after, 2);
        assertEquals(0x3333_3333_2222_2222L, readLong(after, 2 * PAGE - 4));

        memory.restore(before);
        assertEquals(0x1111_1111_2222_2222L, memory.readLong(2 * PAGE - 4));
        assertEquals(0x1111_1111, memory.readInt(2 * PAGE));
    }

    @Test
    void shouldCaptureABulkWriteSpanningThreePages()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(PAGES, PAGES));
        final MemorySnapshot before = memory.snapshot();
        final byte[] data = pattern(PAGE + 100, 7);
        memory.write(PAGE - 50, data, 0, data.length);
        final MemorySnapshot after = memory.snapshot();
        assertSharesPagesExcept(before, after, 0, 1, 2);
        final byte[] expected = new byte[PAGES * PAGE];
        System.arraycopy(data, 0, expected, PAGE - 50, data.length);
        assertArrayEquals(expected, bytesOf(after));
        assertTrue(after.isZeroPage(3));

        memory.restore(before);
        assertArrayEquals(new byte[PAGES * PAGE], memory.readBytes(0, PAGES * PAGE));
    }

    @Test
    void shouldShareTheBasePageWhenAPageIsRewrittenWithIdenticalBytes()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(PAGES, PAGES));
        final byte[] contents = pattern(PAGES * PAGE, 9);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot before = memory.snapshot();

        memory.write(0, contents, 0, PAGE);
        memory.writeLong(PAGE + 16, memory.readLong(PAGE + 16));
        memory.writeByte(2 * PAGE + 5, (byte)(memory.read(2 * PAGE + 5) + 1));
        memory.writeByte(2 * PAGE + 5, contents[2 * PAGE + 5]);
        memory.copy(3 * PAGE, 3 * PAGE, PAGE);
        assertEquals(PAGES, memory.markedPageCount());
        final MemorySnapshot after = memory.snapshot();
        assertSharesPagesExcept(before, after);
        assertEquals(0, memory.markedPageCount());
        for (int pageIndex = 0; pageIndex < PAGES; pageIndex++)
        {
            assertFalse(memory.isCandidate(pageIndex));
        }
    }

    @Test
    void shouldLeaveContentsAndMarksAsTheyWereWhenAStoreTraps()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(2, 2));
        final byte[] contents = pattern(2 * PAGE, 31);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot before = memory.snapshot();
        final int end = 2 * PAGE;

        assertThrows(RuntimeException.class, () -> memory.writeByte(end, (byte)1));
        assertThrows(RuntimeException.class, () -> memory.writeByte(-1, (byte)1));
        assertThrows(RuntimeException.class, () -> memory.writeShort(end - 1, (short)1));
        assertThrows(RuntimeException.class, () -> memory.writeI32(end - 2, 1));
        assertThrows(RuntimeException.class, () -> memory.writeLong(end - 4, 1L));
        assertThrows(RuntimeException.class, () -> memory.writeF32(Integer.MIN_VALUE, 1.0f));
        assertThrows(RuntimeException.class, () -> memory.writeF64(end - 7, 1.0));
        assertThrows(RuntimeException.class, () -> memory.write(end - 4, new byte[8], 0, 8));
        assertThrows(RuntimeException.class, () -> memory.write(PAGE, new byte[8], 4, 8), "past the data's end");
        assertThrows(RuntimeException.class, () -> memory.fill((byte)1, end - 4, end + 4));
        assertThrows(RuntimeException.class, () -> memory.copy(end - 4, 0, 8));
        assertThrows(RuntimeException.class, () -> memory.copy(0, end - 4, 8));
        assertThrows(RuntimeException.class, () -> memory.atomicWriteInt(end, 1));
        assertThrows(RuntimeException.class, () -> memory.atomicAddLong(end, 1L));
        assertThrows(RuntimeException.class, () -> memory.atomicAddInt(2, 1), "unaligned");

        assertEquals(0, memory.markedPageCount());
        assertFalse(memory.isCandidate(0));
        assertFalse(memory.isCandidate(1));
        assertArrayEquals(contents, memory.readBytes(0, end));

        memory.writeI32(8, ~memory.readInt(8));
        assertThrows(RuntimeException.class, () -> memory.writeLong(end - 4, 1L));
        final MemorySnapshot after = memory.snapshot();
        assertSharesPagesExcept(before, after, 0);
        assertEquals(~readInt(before, 8), readInt(after, 8));
    }

    @Test
    void shouldNotMarkPagesForAtomicsSentToARouter()
    {
        final TrackedMemory memory = new TrackedMemory(new MemoryLimits(2, 2));
        final MemorySnapshot before = memory.snapshot();
        memory.atomicRouter(new AtomicRouter()
        {
            @Override
            public long readModifyWrite(
                final Memory local, final int address, final int widthBytes, final Op op, final long operand,
                final long replacement)
            {
                assertSame(memory, local);
                return 0;
            }

            @Override
            public long load(final Memory local, final int address, final int widthBytes)
            {
                return 0;
            }

            @Override
            public void store(final Memory local, final int address, final int widthBytes, final long value)
            {
                assertSame(memory, local);
            }
        });
        atomicStores().forEach((arguments) ->
            ((Store)((Named<?>)arguments.get()[0]).getPayload()).apply(memory, PAGE + 8));
        assertEquals(0, memory.markedPageCount());
        assertSharesPagesExcept(before, memory.snapshot());

        memory.atomicRouter(null);
        memory.atomicOrInt(PAGE + 8, 1);
        assertEquals(1, memory.markedPageCount());
        assertEquals(1, readInt(memory.snapshot(), PAGE + 8));
    }
}
