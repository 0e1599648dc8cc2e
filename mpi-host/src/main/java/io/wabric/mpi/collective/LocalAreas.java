package io.wabric.mpi.collective;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.world.MpiWorld;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link LocalArea}s of one job's communicators whose members all run in this JVM, one per communicator, found
 * by its collective context id and the world rank of its first member (communicators split from one call share a
 * context id but not members). Each rank caches the answer in its {@link Communicator}, so only a communicator's
 * first collective looks here.
 */
public final class LocalAreas
{
    /** Cached for a communicator with a member in another process: its collectives go by messages. */
    private static final Object NOT_LOCAL = new Object();

    private final ConcurrentHashMap<Long, LocalArea> areas = new ConcurrentHashMap<>();

    /**
     * @param world a rank's job.
     * @param comm  the rank's communicator.
     * @return the communicator's shared area, or {@code null} when a member runs in another process.
     */
    static LocalArea of(final MpiWorld world, final Communicator comm)
    {
        Object cached = comm.sharedArea();
        if (cached == null)
        {
            cached = world.localAreas().lookup(world, comm);
            comm.sharedArea(cached);
        }
        return cached == NOT_LOCAL ? null : (LocalArea)cached;
    }

    private Object lookup(final MpiWorld world, final Communicator comm)
    {
        final int size = comm.size();
        for (int r = 0; r < size; r++)
        {
            if (!world.isLocal(comm.group().worldRank(r)))
            {
                return NOT_LOCAL;
            }
        }
        final long key = ((long)comm.collectiveContextId() << 32) | (comm.group().worldRank(0) & 0xFFFF_FFFFL);
        final LocalArea area = areas.computeIfAbsent(key, ignored -> new LocalArea(size));
        if (area.size != size)
        {
            // context ids are never reused (MpiWorld.allocateContextIds only counts up), so this is a bug
            throw new IllegalStateException(comm.name() + " (context " + comm.collectiveContextId() + ", first rank " +
                comm.group().worldRank(0) + ") has " + size + " members but its shared area was made for " + area.size);
        }
        return area;
    }
}
