package io.wabric.core.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
