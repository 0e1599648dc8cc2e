package io.wabric.core.memory;

/**
 * Told when a guest's {@code memory.grow} is refused, so the runtime can tell the user why malloc failed.
 */
@FunctionalInterface
public interface MemoryGrowthListener
{
    /** A listener that ignores refusals. */
    MemoryGrowthListener NONE = (currentPages, deltaPages, maximumPages) -> {};

    /**
     * @param currentPages the memory's size in 64 KiB pages when the grow was asked.
     * @param deltaPages   the pages asked for.
     * @param maximumPages the cap that refused it.
     */
    void onGrowRefused(int currentPages, int deltaPages, int maximumPages);

    /**
     * The grow was within the cap but the JVM's heap, which holds every guest memory of the process, could not
     * hold the larger copy; by default reported as a refusal at the current size.
     *
     * @param currentPages the memory's size in 64 KiB pages when the grow was asked.
     * @param deltaPages   the pages asked for.
     */
    default void onGrowOutOfHeap(final int currentPages, final int deltaPages)
    {
        onGrowRefused(currentPages, deltaPages, currentPages);
    }
}
