package io.wabric.core.faaslet;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.MemoryGrowthListener;

/**
 * Builds a Faaslet's linear memory from the module's declared limits and the host's cap.
 */
@FunctionalInterface
public interface MemoryFactory
{
    /**
     * @param limits         the module's declared limits.
     * @param capPages       the host's cap in 64 KiB pages ({@code --max-memory}).
     * @param growthListener to tell when a grow is refused.
     * @return the memory.
     */
    Memory create(MemoryLimits limits, int capPages, MemoryGrowthListener growthListener);
}
