package io.wabric.mpi.p2p;

import io.wabric.mpi.world.MpiWorld;

/**
 * One rank's outgoing {@link OneToOneMessageRing}s, by destination world rank, looked up on the rank's own thread
 * without touching the destination's {@link Mailbox} (whose lock word would otherwise bounce between the cores).
 * Confined to the rank's thread.
 */
public final class SendRings
{
    private final OneToOneMessageRing[] byDestination;
    private final int sourceWorldRank;

    /**
     * @param worldSize       the number of ranks in the job.
     * @param sourceWorldRank the sending rank.
     */
    public SendRings(final int worldSize, final int sourceWorldRank)
    {
        this.byDestination = new OneToOneMessageRing[worldSize];
        this.sourceWorldRank = sourceWorldRank;
    }

    /**
     * @param world            the job.
     * @param destinationWorld a rank of this JVM.
     * @return the ring to it, made on first use.
     */
    OneToOneMessageRing to(final MpiWorld world, final int destinationWorld)
    {
        final OneToOneMessageRing ring = byDestination[destinationWorld];
        if (ring != null)
        {
            return ring;
        }
        final OneToOneMessageRing created = world.mailbox(destinationWorld).ringFrom(sourceWorldRank);
        byDestination[destinationWorld] = created;
        return created;
    }
}
