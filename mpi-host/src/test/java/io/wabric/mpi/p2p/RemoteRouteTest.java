package io.wabric.mpi.p2p;

import io.aeron.driver.MediaDriver;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import io.wabric.transport.TransportConfig;
import io.wabric.transport.TransportNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two "processes" in one JVM (two worlds of one rank each, joined by Aeron IPC): matching across processes keeps
 * MPI's rules. A chunked message is not overtaken by a later small one, ANY_TAG takes them in order, a probe sees
 * the size, truncation is reported, and a synchronous send completes only once its receive is matched.
 */
final class RemoteRouteTest
{
    private static final int LARGE_BYTES = 3 * 1024 * 1024 + 5;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepMatchingRulesWhenRanksAreInDifferentProcesses() throws Exception
    {
        final String dir = "/dev/shm/wabric-remote-route-test-" + ProcessHandle.current().pid();
        final MediaDriver driver = TransportNode.launchDriver(dir, "backoff");
        final int[] placement = {0, 1, 2};
        final MpiWorld worldA = new MpiWorld(2, 0, 1, 0);
        final MpiWorld worldB = new MpiWorld(2, 1, 1, 1);
        final RemoteRoute routeA = new RemoteRoute(worldA, new TransportConfig(0, 2).aeronDirectory(dir), placement);
        final RemoteRoute routeB = new RemoteRoute(worldB, new TransportConfig(1, 2).aeronDirectory(dir), placement);
        try
        {
            routeA.start();
            routeB.start();
            final byte[] large = new byte[LARGE_BYTES];
            Arrays.fill(large, (byte)7);
            large[LARGE_BYTES - 1] = 9;
            final CompletableFuture<Request> sender = CompletableFuture.supplyAsync(() ->
            {
                final MpiRank rank = worldA.rank(0);
                rank.thread(Thread.currentThread());
                final Communicator world = rank.comms().get(MpiRank.COMM_WORLD);
                PointToPoint.send(rank, world, 0, 1, 1, DataRef.host(large));
                PointToPoint.send(rank, world, 0, 1, 2, DataRef.host(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
                final Request synchronous = PointToPoint.isend(rank, world, 0, 1, 3, DataRef.host(new byte[16]), true);
                PointToPoint.send(rank, world, 0, 1, 4, DataRef.host(new byte[4]));
                return synchronous;
            });
            final MpiRank receiver = worldB.rank(1);
            receiver.thread(Thread.currentThread());
            final Request probed = PointToPoint.probe(receiver, 0, MatchRules.ANY_SOURCE, MatchRules.ANY_TAG);
            assertEquals(1, probed.statusTag());
            assertEquals(LARGE_BYTES, probed.countBytes());
            final byte[] first = new byte[LARGE_BYTES];
            final Request got = PointToPoint.recv(receiver, 0, 0, MatchRules.ANY_TAG, DataRef.host(first));
            assertEquals(1, got.statusTag(), "the chunked message was sent first and must match first");
            assertArrayEquals(large, first);
            final byte[] second = new byte[4];
            final Request truncated = PointToPoint.recv(receiver, 0, MatchRules.ANY_SOURCE, MatchRules.ANY_TAG,
                DataRef.host(second));
            assertEquals(2, truncated.statusTag());
            assertEquals(MpiError.ERR_TRUNCATE, truncated.error());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, second);
            final Request synchronous = sender.get(20, TimeUnit.SECONDS);
            assertFalse(synchronous.isComplete(), "MPI_Ssend completed before its receive was posted");
            PointToPoint.recv(receiver, 0, 0, 3, DataRef.host(new byte[16]));
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!synchronous.isComplete() && System.nanoTime() < deadlineNs)
            {
                Thread.sleep(1);
            }
            assertTrue(synchronous.isComplete(), "MPI_Ssend did not complete after its receive matched");
            assertEquals(4, PointToPoint.recv(receiver, 0, 0, 4, DataRef.host(new byte[4])).countBytes());
            assertEquals(null, worldA.failure());
            assertEquals(null, worldB.failure());
        }
        finally
        {
            routeA.close();
            routeB.close();
            driver.close();
        }
    }
}
