package io.wabric.mpi.collective;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which channel a collective call gets: the rank's thread reuses one per communicator for its blocking calls, each
 * opening with the next sequence number; other threads and non-blocking calls get their own.
 */
final class CollectiveChannelTest
{
    @Test
    void shouldReuseTheBlockingChannelOnTheRankThreadWithANewSequenceEachCall()
    {
        final MpiRank rank = new MpiWorld(2).rank(0);
        rank.thread(Thread.currentThread());
        final Communicator world = rank.comms().get(MpiRank.COMM_WORLD);

        final CollectiveChannel first = CollectiveChannel.open(rank, world);
        final int firstTag = first.tag(0);
        final CollectiveChannel second = CollectiveChannel.open(rank, world);

        assertSame(first, second);
        assertTrue(second.blocking());
        assertEquals(firstTag + (1 << 4), second.tag(0), "the second call's tags follow the first's sequence");
    }

    @Test
    void shouldGiveOtherThreadsAndNonBlockingCallsTheirOwnChannels() throws InterruptedException
    {
        final MpiRank rank = new MpiWorld(2).rank(0);
        rank.thread(Thread.currentThread());
        final Communicator world = rank.comms().get(MpiRank.COMM_WORLD);
        final CollectiveChannel onRankThread = CollectiveChannel.open(rank, world);

        final AtomicReference<CollectiveChannel> onOtherThread = new AtomicReference<>();
        final Thread other = new Thread(() -> onOtherThread.set(CollectiveChannel.open(rank, world)));
        other.start();
        other.join();
        final CollectiveChannel nonBlocking = CollectiveChannel.openNonBlocking(rank, world);

        assertNotSame(onRankThread, onOtherThread.get());
        assertTrue(onOtherThread.get().blocking());
        assertNotSame(onRankThread, nonBlocking);
        assertFalse(nonBlocking.blocking());
        assertSame(onRankThread, CollectiveChannel.open(rank, world), "the rank thread's channel is still cached");
    }
}
