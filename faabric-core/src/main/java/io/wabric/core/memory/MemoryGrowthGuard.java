package io.wabric.core.memory;

import java.util.function.IntSupplier;

/**
 * Runs a {@link FlatMemory} grow, which replaces the backing array, at a moment when no other thread can be
 * touching the old one.
 *
 * <p>A memory used by one thread needs nothing ({@link #NONE}). A memory shared by several guest threads (an
 * OpenMP team) installs a guard that stops every other thread at a safe point before the copy and releases them
 * after, so no store lands in the discarded array.
 */
@FunctionalInterface
public interface MemoryGrowthGuard
{
    /** Runs the grow at once: for memories that one thread uses. */
    MemoryGrowthGuard NONE = IntSupplier::getAsInt;

    /**
     * @param grow performs the grow and returns {@code memory.grow}'s result.
     * @return the result of {@code grow}.
     */
    int guard(IntSupplier grow);
}
