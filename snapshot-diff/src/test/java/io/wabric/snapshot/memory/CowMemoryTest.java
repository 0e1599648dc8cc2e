package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.MemoryContractTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CowMemory} under the memory contract, plus copy-on-write sharing and dirty tracking.
 */
final class CowMemoryTest extends MemoryContractTest
{
    @Override
    protected Memory newMemory(final MemoryLimits limits)
    {
        return new CowMemory(limits);
    }

    @Test
    void shouldShareEveryPageWithSnapshotUntilWritten()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(4, 8));
        memory.writeI32(10, 1);
        memory.writeI32(2 * Memory.PAGE_SIZE + 10, 2);
        final MemorySnapshot snapshot = memory.snapshot();
        assertEquals(0, memory.dirtyPageCount());
        for (int pageIndex = 0; pageIndex < 4; pageIndex++)
        {
            assertSame(snapshot.pageArray(pageIndex), memory.pageArray(pageIndex));
        }
        memory.writeI32(10, 99);
        assertEquals(1, memory.dirtyPageCount());
        assertTrue(memory.isDirty(0));
        assertNotSame(snapshot.pageArray(0), memory.pageArray(0));
        final byte[] value = new byte[4];
        snapshot.read(10, value, 0, 4);
        assertEquals(1, value[0], "the snapshot must not see writes made after it");
    }

    @Test
    void shouldForkWithoutCopyingAndIsolateForks()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 4));
        memory.writeLong(100, 42L);
        final MemorySnapshot snapshot = memory.snapshot();
        final CowMemory first = CowMemory.fork(snapshot);
        final CowMemory second = CowMemory.fork(snapshot);
        assertSame(snapshot.pageArray(0), first.pageArray(0));
        first.writeLong(100, 1L);
        second.writeLong(100, 2L);
        assertEquals(42L, memory.readLong(100));
        assertEquals(1L, first.readLong(100));
        assertEquals(2L, second.readLong(100));
        assertEquals(1, first.dirtyPageCount());
        assertFalse(first.isDirty(1));
    }

    @Test
    void shouldAdoptASnapshotsPageWithoutCopyingAndCopyItBeforeItsNextWrite()
    {
        final CowMemory home = new CowMemory(new MemoryLimits(2, 4));
        final CowMemory fork = CowMemory.fork(home.snapshot());
        fork.writeLong(Memory.PAGE_SIZE + 8, 7L);
        final MemorySnapshot forked = fork.snapshot();
        home.adoptPage(1, forked);
        assertSame(forked.pageArray(1), home.pageArray(1), "taken by reference");
        assertEquals(7L, home.readLong(Memory.PAGE_SIZE + 8));
        assertEquals(0, home.dirtyPageCount(), "the page is shared, so the memory does not own it");
        home.writeLong(Memory.PAGE_SIZE + 8, 8L);
        assertNotSame(forked.pageArray(1), home.pageArray(1), "the write copied the page first");
        final byte[] eight = new byte[8];
        forked.read(Memory.PAGE_SIZE + 8, eight, 0, 8);
        assertEquals(7, eight[0], "the snapshot never changes");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> home.adoptPage(2, forked));
        assertEquals("cannot adopt page 2: this memory has 2 pages, the snapshot it adopts from 2", ex.getMessage());
    }

    @Test
    void shouldOwnAPageItIsHandedAndRefuseAnArrayThatIsNoPage()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 4));
        final MemorySnapshot snapshot = memory.snapshot();
        final byte[] page = new byte[Memory.PAGE_SIZE];
        page[3] = 42;
        memory.replacePage(1, page);
        assertEquals(42, memory.read(Memory.PAGE_SIZE + 3));
        assertTrue(memory.isDirty(1));
        assertEquals(1, memory.dirtyPageCount());
        memory.writeByte(Memory.PAGE_SIZE + 4, (byte)1);
        assertSame(page, memory.pageArray(1), "an owned page is written in place");
        assertEquals(0, snapshot.pageArray(1)[3]);
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> memory.replacePage(0, new byte[10]));
        assertEquals("cannot replace page 0 of 2 with an array of 10 bytes (a page is 65536)", ex.getMessage());
    }

    @Test
    void shouldLeaveAPageSharedWhenAStoreWritesWhatItHolds()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(4, 4));
        memory.writeI32(100, 42);
        memory.writeLong(Memory.PAGE_SIZE + 8, -7L);
        memory.writeF64(2 * Memory.PAGE_SIZE, Double.NaN);
        final MemorySnapshot snapshot = memory.snapshot();
        assertEquals(0, memory.dirtyPageCount());

        memory.writeI32(100, 42);
        memory.writeByte(103, (byte)0);
        memory.writeShort(102, (short)0);
        memory.writeLong(Memory.PAGE_SIZE + 8, -7L);
        memory.writeF64(2 * Memory.PAGE_SIZE, Double.NaN);
        memory.writeF32(3 * Memory.PAGE_SIZE, 0.0f);
        assertEquals(0, memory.dirtyPageCount(), "unchanged values must not copy a page");
        assertSame(snapshot.pageArray(0), memory.pageArray(0));

        memory.writeF32(3 * Memory.PAGE_SIZE, -0.0f);
        memory.writeI32(100, 43);
        assertEquals(2, memory.dirtyPageCount(), "-0.0 differs from 0.0 in its bits; 43 from 42");
        assertEquals(43, memory.readInt(100));
        assertEquals(Float.floatToRawIntBits(-0.0f), memory.readInt(3 * Memory.PAGE_SIZE));
        final byte[] kept = new byte[4];
        snapshot.read(100, kept, 0, 4);
        assertEquals(42, kept[0], "the snapshot keeps the old value");
    }

    @Test
    void shouldCountGrownPagesDirtyOnlyWhenWritten()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(1, 4));
        memory.snapshot();
        assertEquals(1, memory.grow(2));
        assertEquals(0, memory.dirtyPageCount());
        memory.writeByte(2 * Memory.PAGE_SIZE + 5, (byte)7);
        assertEquals(1, memory.dirtyPageCount());
        assertEquals(7, memory.read(2 * Memory.PAGE_SIZE + 5));
    }

    @Test
    void shouldKeepSnapshotContentsWhenInstantiatedOverFork()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(1, 1));
        memory.writeI32(0, 0x1234);
        final CowMemory fork = CowMemory.fork(memory.snapshot());
        fork.zero();
        fork.initialize(null, null);
        assertEquals(0x1234, fork.readInt(0), "instantiation must not wipe a restored memory");
        fork.zero();
        assertEquals(0, fork.readInt(0), "after instantiation zero() is a real zero()");
    }

    @Test
    void shouldRestoreSnapshotIncludingSize()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(1, 4));
        memory.writeI32(4, 5);
        final MemorySnapshot snapshot = memory.snapshot();
        memory.grow(2);
        memory.writeI32(4, 6);
        memory.restore(snapshot);
        assertEquals(1, memory.pages());
        assertEquals(5, memory.readInt(4));
        assertEquals(0, memory.dirtyPageCount());
    }

    @Test
    void shouldWriteStraddlingPagesLittleEndian()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(2, 2));
        final MemorySnapshot snapshot = memory.snapshot();
        memory.writeI32(Memory.PAGE_SIZE - 2, 0x11223344);
        assertEquals(0x11223344, memory.readInt(Memory.PAGE_SIZE - 2));
        assertEquals(0x22, memory.read(Memory.PAGE_SIZE));
        assertEquals(2, memory.dirtyPageCount());
        assertEquals(0, snapshot.pageArray(1)[0]);
    }
}
