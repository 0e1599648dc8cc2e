package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.MemoryContractTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The memory contract over forks of a {@link CowMemory}, whose pages start shared with a snapshot (real arrays,
 * not the common zero page) and are copied on first write; and over a fork of a fork. Each fork is first taken
 * through the {@code zero()} and {@code initialize()} calls Chicory makes when it instantiates a module over it,
 * as every fork in use has been.
 */
final class CowMemoryForkTest extends MemoryContractTest
{
    @Override
    protected Memory newMemory(final MemoryLimits limits)
    {
        return instantiated(CowMemory.fork(zeroedSnapshot(new CowMemory(limits))));
    }

    /**
     * A snapshot of all-zero contents whose pages are private arrays, so forks share real pages with it.
     */
    static MemorySnapshot zeroedSnapshot(final CowMemory memory)
    {
        final int sizeBytes = memory.pages() * Memory.PAGE_SIZE;
        if (sizeBytes > 0)
        {
            memory.fill((byte)0x5A, 0, sizeBytes);
            memory.fill((byte)0, 0, sizeBytes);
        }
        return memory.snapshot();
    }

    static CowMemory instantiated(final CowMemory fork)
    {
        fork.zero();
        fork.initialize(null, null);
        return fork;
    }

    @Test
    void shouldLeaveSnapshotAndSiblingForkUntouchedByRandomWrites()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(4, 8));
        final Random random = new Random(11);
        final byte[] contents = new byte[4 * Memory.PAGE_SIZE];
        random.nextBytes(contents);
        memory.write(0, contents, 0, contents.length);
        final MemorySnapshot snapshot = memory.snapshot();
        final CowMemory fork = instantiated(CowMemory.fork(snapshot));
        final CowMemory sibling = instantiated(CowMemory.fork(snapshot));
        for (int i = 0; i < 500; i++)
        {
            fork.writeLong(random.nextInt(contents.length - 8), random.nextLong());
        }
        fork.grow(2);
        fork.fill((byte)1, 0, 6 * Memory.PAGE_SIZE);
        final byte[] snapshotBytes = new byte[contents.length];
        snapshot.read(0, snapshotBytes, 0, snapshotBytes.length);
        assertArrayEquals(contents, snapshotBytes);
        assertArrayEquals(contents, sibling.readBytes(0, contents.length));
        assertEquals(0, sibling.dirtyPageCount());
        assertEquals(6, fork.dirtyPageCount());
    }

    /**
     * The contract over a fork of a snapshot taken from a fork.
     */
    @Nested
    final class ForkOfFork extends MemoryContractTest
    {
        @Override
        protected Memory newMemory(final MemoryLimits limits)
        {
            final CowMemory first = instantiated(CowMemory.fork(zeroedSnapshot(new CowMemory(limits))));
            return instantiated(CowMemory.fork(zeroedSnapshot(first)));
        }
    }
}
