package io.wabric.openmp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recycles the guest memory of finished tasks by size, so that creating and finishing a task costs no call into
 * the guest's allocator (which takes the libc lock that every thread shares). Task sizes are few per program (one
 * per task construct), so a queue per size serves a producer on one thread and consumers on others without
 * locks. At most {@link #BLOCKS_PER_SIZE} blocks are kept per size; the rest go back to the guest's {@code free}.
 */
final class TaskBlockPool
{
    static final int BLOCKS_PER_SIZE = 1024;

    private final ConcurrentHashMap<Integer, Blocks> bySize = new ConcurrentHashMap<>();

    private static final class Blocks
    {
        final ConcurrentLinkedQueue<Integer> addresses = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
    }

    /**
     * @param sizeBytes the block size the task needs.
     * @return a recycled block's address, or 0 when none is free.
     */
    int take(final int sizeBytes)
    {
        final Blocks blocks = bySize.get(sizeBytes);
        if (blocks == null)
        {
            return 0;
        }
        final Integer address = blocks.addresses.poll();
        if (address == null)
        {
            return 0;
        }
        blocks.count.decrementAndGet();
        return address;
    }

    /**
     * @param address   a finished task's block.
     * @param sizeBytes its size.
     * @return whether the pool kept it (otherwise the caller frees it).
     */
    boolean give(final int address, final int sizeBytes)
    {
        final Blocks blocks = bySize.computeIfAbsent(sizeBytes, key -> new Blocks());
        if (blocks.count.incrementAndGet() > BLOCKS_PER_SIZE)
        {
            blocks.count.decrementAndGet();
            return false;
        }
        blocks.addresses.offer(address);
        return true;
    }
}
