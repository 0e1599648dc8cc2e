package io.wabric.core.memory;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hooks that let several threads share a {@link FlatMemory}: the growth guard and adoption by a second
 * instance.
 */
final class FlatMemoryGrowthGuardTest
{
    @Test
    void shouldRunGrowthInsideTheGuardWhenOneIsInstalled()
    {
        final FlatMemory memory = new FlatMemory(new MemoryLimits(1, 10));
        final AtomicInteger guarded = new AtomicInteger();
        memory.growthGuard(grow ->
        {
            guarded.incrementAndGet();
            return grow.getAsInt();
        });
        memory.writeI32(100, 42);
        assertEquals(1, memory.grow(2));
        assertEquals(1, guarded.get());
        assertEquals(3, memory.pages());
        assertEquals(42, memory.readInt(100));
    }

    @Test
    void shouldKeepContentsWhenAdoptedByTheNextInstance()
    {
        final FlatMemory memory = new FlatMemory(new MemoryLimits(1, 10));
        memory.writeI32(64, 7);
        memory.adoptByNextInstance();
        memory.zero();
        memory.initialize(null, null);
        assertEquals(7, memory.readInt(64));
        memory.zero();
        assertEquals(0, memory.readInt(64));
    }
}
