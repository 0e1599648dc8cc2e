package io.wabric.core.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FlatMemory} under the memory contract, plus its host cap.
 */
final class FlatMemoryTest extends MemoryContractTest
{
    @Override
    protected Memory newMemory(final MemoryLimits limits)
    {
        return new FlatMemory(limits);
    }

    @Test
    void shouldRefuseGrowthPastHostCapAndTellListener()
    {
        final AtomicInteger refusedAt = new AtomicInteger(-1);
        final FlatMemory memory = new FlatMemory(new MemoryLimits(1, 100), 2,
            (current, delta, max) -> refusedAt.set(current * 1000 + max));
        assertEquals(2, memory.maximumPages());
        assertEquals(1, memory.grow(1));
        assertEquals(-1, memory.grow(1));
        assertEquals(2002, refusedAt.get());
    }

    @Test
    void shouldTellAWriterToWriteAgainWhenAGrowCopiedTheArrayMeanwhile()
    {
        final FlatMemory memory = new FlatMemory(new MemoryLimits(1, 4));
        final byte[] payload = {1, 2, 3, 4};

        final int quiet = memory.writeEpoch();
        System.arraycopy(payload, 0, memory.array(), 100, payload.length);
        assertTrue(memory.writeLanded(quiet), "no grow: the write is in place");

        final int epoch = memory.writeEpoch();
        final byte[] before = memory.array();
        assertEquals(1, memory.grow(1)); // as another thread's grow would, between the lookup and the write
        System.arraycopy(payload, 0, before, 200, payload.length);
        assertFalse(memory.writeLanded(epoch), "a grow copied the array: the write may be lost");
        assertEquals(0, memory.readInt(200), "the write went to the discarded array");

        final int again = memory.writeEpoch();
        System.arraycopy(payload, 0, memory.array(), 200, payload.length);
        assertTrue(memory.writeLanded(again));
        assertEquals(0x04030201, memory.readInt(200));
        assertEquals(0x04030201, memory.readInt(100), "the earlier write was carried over by the grow");
    }

    @Test
    void shouldNotChangeTheEpochWhenAGrowIsRefused()
    {
        final FlatMemory memory = new FlatMemory(new MemoryLimits(1, 1));
        final int epoch = memory.writeEpoch();
        assertEquals(-1, memory.grow(1));
        assertTrue(memory.writeLanded(epoch));
    }
}
