package io.wabric.mpi.p2p;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recycling on the in-JVM message path: requests and eager buffers come back from their pools with no trace of
 * their previous message, and a request that may still be completed by another thread is never recycled.
 */
final class PointToPointTest
{
    private static final int TAG = 5;

    private MpiRank receiver;
    private MpiRank sender;
    private Communicator senderWorld;
    private int contextId;

    @BeforeEach
    void setUp()
    {
        final MpiWorld world = new MpiWorld(2);
        receiver = world.rank(0);
        sender = world.rank(1);
        receiver.thread(Thread.currentThread());
        sender.thread(Thread.currentThread());
        senderWorld = sender.comms().get(MpiRank.COMM_WORLD);
        contextId = senderWorld.contextId();
    }

    @Test
    void shouldReuseRequestsWhenReleasedAfterCompletion()
    {
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, DataRef.host(new byte[8]));
        final Request send = PointToPoint.isend(sender, senderWorld, contextId, 0, TAG, DataRef.host(bytes(8, 1)),
            false);
        assertEquals(1, receiver.mailbox().poll());
        assertTrue(receive.isComplete() && send.isComplete());
        PointToPoint.release(receiver, receive);
        PointToPoint.release(receiver, receive);
        PointToPoint.release(sender, send);
        assertEquals(1, receiver.requestPool().spareCount());
        assertEquals(1, sender.requestPool().spareCount());

        final Request again = PointToPoint.irecv(receiver, contextId, 1, TAG, DataRef.host(new byte[8]));
        assertSame(receive, again);
        assertFalse(again.isComplete());
        assertEquals(0, again.countBytes());
        assertEquals(MpiError.SUCCESS, again.error());
    }

    @Test
    void shouldNotRecycleRequestWhenIncomplete()
    {
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, DataRef.host(new byte[8]));
        PointToPoint.release(receiver, receive);
        assertEquals(0, receiver.requestPool().spareCount());
        final Request other = PointToPoint.irecv(receiver, contextId, 1, TAG + 1, DataRef.host(new byte[8]));
        assertNotSame(receive, other);
    }

    @Test
    void shouldNotRecycleRequestWhenReleasedFromAnotherThread() throws Exception
    {
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, DataRef.host(new byte[8]));
        PointToPoint.isend(sender, senderWorld, contextId, 0, TAG, DataRef.host(bytes(8, 1)), false);
        CompletableFuture.runAsync(() -> PointToPoint.release(receiver, receive)).get(10, TimeUnit.SECONDS);
        assertEquals(0, receiver.requestPool().spareCount());
    }

    @Test
    void shouldDeliverUnexpectedMessagesIntactWhenEagerBuffersAreReused()
    {
        final int[] lengths = {100, 70, 128, 0, 65, 4096, 3000, 65536, 1};
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < lengths.length; i++)
            {
                final byte[] data = bytes(lengths[i], round * 31 + i);
                PointToPoint.release(sender, PointToPoint.isend(sender, senderWorld, contextId, 0, TAG + i,
                    DataRef.host(data), false));
            }
            assertEquals(lengths.length, receiver.mailbox().unexpectedCount());
            for (int i = lengths.length - 1; i >= 0; i--)
            {
                final byte[] into = new byte[lengths[i] + 3];
                Arrays.fill(into, (byte)-7);
                final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG + i, DataRef.host(into));
                assertTrue(receive.isComplete());
                assertEquals(lengths[i], receive.countBytes());
                assertEquals(TAG + i, receive.statusTag());
                final byte[] expected = Arrays.copyOf(bytes(lengths[i], round * 31 + i), lengths[i] + 3);
                Arrays.fill(expected, lengths[i], expected.length, (byte)-7);
                assertArrayEquals(expected, into, "round " + round + ", message " + i);
                PointToPoint.release(receiver, receive);
            }
        }
    }

    @Test
    void shouldReportTruncationWhenEagerMessageExceedsReceive()
    {
        PointToPoint.isend(sender, senderWorld, contextId, 0, TAG, DataRef.host(bytes(100, 3)), false);
        final byte[] into = new byte[10];
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, DataRef.host(into));
        assertEquals(MpiError.ERR_TRUNCATE, receive.error());
        assertEquals(10, receive.countBytes());
        assertArrayEquals(Arrays.copyOf(bytes(100, 3), 10), into);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldWakeParkedReceiverWhenPeerSendsFromAnotherThread() throws Exception
    {
        final MpiWorld world = new MpiWorld(2);
        final MpiRank rank0 = world.rank(0);
        final MpiRank rank1 = world.rank(1);
        final Communicator world1 = rank1.comms().get(MpiRank.COMM_WORLD);
        final int rounds = 2_000;
        final CompletableFuture<Void> echo = CompletableFuture.runAsync(() ->
        {
            rank1.thread(Thread.currentThread());
            final byte[] buffer = new byte[8];
            for (int i = 0; i < rounds; i++)
            {
                PointToPoint.release(rank1, PointToPoint.recv(rank1, world1.contextId(), 0, TAG,
                    DataRef.host(buffer)));
                if (i % 500 == 0)
                {
                    sleepMs(2);
                }
                PointToPoint.send(rank1, world1, world1.contextId(), 0, TAG, DataRef.host(buffer));
            }
        });
        rank0.thread(Thread.currentThread());
        final Communicator world0 = rank0.comms().get(MpiRank.COMM_WORLD);
        final byte[] out = new byte[8];
        final byte[] in = new byte[8];
        for (int i = 0; i < rounds; i++)
        {
            out[0] = (byte)i;
            PointToPoint.send(rank0, world0, world0.contextId(), 1, TAG, DataRef.host(out));
            PointToPoint.release(rank0, PointToPoint.recv(rank0, world0.contextId(), 1, TAG, DataRef.host(in)));
            assertEquals((byte)i, in[0]);
        }
        echo.get(30, TimeUnit.SECONDS);
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed + i * 7);
        }
        return data;
    }
}
