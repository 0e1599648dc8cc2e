package io.wabric.mpi.p2p;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-pair rings of small messages between ranks of one JVM, through {@link PointToPoint}: ordering across
 * the ring and the mailbox, a full ring, wildcard receives over several rings, wrap-around, probes, truncation and
 * waking a parked receiver.
 */
final class OneToOneMessageRingTest
{
    private static final int TAG = 5;

    @Test
    void shouldKeepSendOrderWhenRingAndMailboxMessagesInterleave()
    {
        final Ranks ranks = new Ranks(2);
        final int large = OneToOneMessageRing.MAX_PAYLOAD_BYTES + 1;
        final int[] lengths = {8, 8, large, 16, 3000, 0, 8, large};
        final boolean[] synchronous = {false, false, false, false, true, false, false, true};
        final List<Request> sends = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++)
        {
            sends.add(PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG,
                DataRef.host(payload(lengths[i], i)), synchronous[i]));
        }
        for (int i = 0; i < lengths.length; i++)
        {
            final byte[] into = new byte[3000];
            final Request receive = PointToPoint.irecv(ranks.rank(0), ranks.contextId,
                i % 2 == 0 ? 1 : MatchRules.ANY_SOURCE, i % 3 == 0 ? TAG : MatchRules.ANY_TAG, DataRef.host(into));
            assertTrue(receive.isComplete(), "message " + i);
            assertEquals(lengths[i], receive.countBytes(), "message " + i);
            assertArrayEquals(payload(lengths[i], i), java.util.Arrays.copyOf(into, lengths[i]), "message " + i);
        }
        for (final Request send : sends)
        {
            assertTrue(send.isComplete());
        }
    }

    @Test
    void shouldNotBlockSenderWhenRingIsFull()
    {
        final Ranks ranks = new Ranks(2);
        final int messages = OneToOneMessageRing.SLOT_COUNT * 40;
        for (int i = 0; i < messages; i++)
        {
            final Request send = PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG,
                DataRef.host(payload(8, i)), false);
            assertTrue(send.isComplete(), "eager send " + i + " must complete at once");
            PointToPoint.release(ranks.rank(1), send);
        }
        for (int i = 0; i < messages; i++)
        {
            final byte[] into = new byte[8];
            final Request receive = PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(into));
            assertTrue(receive.isComplete());
            assertArrayEquals(payload(8, i), into, "message " + i);
            PointToPoint.release(ranks.rank(0), receive);
        }
        assertEquals(0, ranks.rank(0).mailbox().unexpectedCount());
    }

    @Test
    void shouldKeepEachSendersOrderWhenReceivingFromAnySource()
    {
        final Ranks ranks = new Ranks(4);
        final int perSender = OneToOneMessageRing.SLOT_COUNT + 7;
        final List<Request> early = new ArrayList<>();
        final List<byte[]> earlyBuffers = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            final byte[] into = new byte[8];
            earlyBuffers.add(into);
            early.add(PointToPoint.irecv(ranks.rank(0), ranks.contextId, MatchRules.ANY_SOURCE, MatchRules.ANY_TAG,
                DataRef.host(into)));
        }
        for (int i = 0; i < perSender; i++)
        {
            for (int sender = 1; sender <= 3; sender++)
            {
                PointToPoint.isend(ranks.rank(sender), ranks.world(sender), ranks.contextId, 0, TAG,
                    DataRef.host(new byte[] {(byte)sender, (byte)i, 0, 0, 0, 0, 0, 0}), false);
            }
        }
        final int[] next = new int[4];
        ranks.rank(0).mailbox().poll();
        for (int i = 0; i < early.size(); i++)
        {
            assertTrue(early.get(i).isComplete(), "early receive " + i);
            checkOrder(next, early.get(i), earlyBuffers.get(i));
        }
        for (int i = early.size(); i < 3 * perSender; i++)
        {
            final byte[] into = new byte[8];
            final Request receive = PointToPoint.irecv(ranks.rank(0), ranks.contextId, MatchRules.ANY_SOURCE, TAG,
                DataRef.host(into));
            assertTrue(receive.isComplete());
            checkOrder(next, receive, into);
        }
        assertArrayEquals(new int[] {0, perSender, perSender, perSender}, next);
    }

    @Test
    void shouldDeliverIntactPayloadsWhenRingWrapsAround()
    {
        final Ranks ranks = new Ranks(2);
        for (int i = 0; i < OneToOneMessageRing.SLOT_COUNT * 12; i++)
        {
            final int length = i * 37 % (OneToOneMessageRing.MAX_PAYLOAD_BYTES + 1);
            final byte[] into = new byte[OneToOneMessageRing.MAX_PAYLOAD_BYTES];
            final boolean postFirst = i % 3 == 0;
            Request receive = postFirst ?
                PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(into)) : null;
            PointToPoint.release(ranks.rank(1), PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId,
                0, TAG, DataRef.host(payload(length, i)), false));
            if (postFirst)
            {
                assertFalse(receive.isComplete(), "a ring message is matched when the receiver polls");
                ranks.rank(0).mailbox().poll();
            }
            else
            {
                receive = PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(into));
            }
            assertTrue(receive.isComplete());
            assertEquals(length, receive.countBytes());
            assertArrayEquals(payload(length, i), java.util.Arrays.copyOf(into, length), "message " + i);
            PointToPoint.release(ranks.rank(0), receive);
        }
    }

    @Test
    void shouldMatchPostedReceivesInPostingOrderWhenRingIsDrained()
    {
        final Ranks ranks = new Ranks(2);
        final byte[] first = new byte[8];
        final byte[] second = new byte[8];
        final Request specific = PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(first));
        final Request wildcard = PointToPoint.irecv(ranks.rank(0), ranks.contextId, MatchRules.ANY_SOURCE,
            MatchRules.ANY_TAG, DataRef.host(second));
        PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG + 1, DataRef.host(payload(8, 1)),
            false);
        PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG, DataRef.host(payload(8, 2)),
            false);
        assertEquals(2, ranks.rank(0).mailbox().poll());
        assertEquals(TAG + 1, wildcard.statusTag());
        assertArrayEquals(payload(8, 1), second);
        assertEquals(TAG, specific.statusTag());
        assertArrayEquals(payload(8, 2), first);
    }

    @Test
    void shouldProbeMessageWaitingInRing()
    {
        final Ranks ranks = new Ranks(2);
        PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG, DataRef.host(payload(40, 0)),
            false);
        final Request probed = PointToPoint.iprobe(ranks.rank(0), ranks.contextId, MatchRules.ANY_SOURCE,
            MatchRules.ANY_TAG);
        assertNotNull(probed);
        assertEquals(40, probed.countBytes());
        assertEquals(1, probed.statusSource());
        assertEquals(1, ranks.rank(0).mailbox().unexpectedCount());
    }

    @Test
    void shouldReportTruncationWhenRingMessageExceedsPostedReceive()
    {
        final Ranks ranks = new Ranks(2);
        final byte[] into = new byte[4];
        final Request receive = PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(into));
        PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG, DataRef.host(payload(100, 9)),
            false);
        ranks.rank(0).mailbox().poll();
        assertEquals(MpiError.ERR_TRUNCATE, receive.error());
        assertEquals(4, receive.countBytes());
        assertArrayEquals(java.util.Arrays.copyOf(payload(100, 9), 4), into);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldDrainRingFirstWhenAnotherThreadOfSenderUsesMailbox() throws Exception
    {
        final Ranks ranks = new Ranks(2);
        PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG, DataRef.host(payload(8, 1)),
            false);
        CompletableFuture.runAsync(() -> PointToPoint.isend(ranks.rank(1), ranks.world(1), ranks.contextId, 0, TAG,
            DataRef.host(payload(8, 2)), false)).get(10, TimeUnit.SECONDS);
        for (int i = 1; i <= 2; i++)
        {
            final byte[] into = new byte[8];
            PointToPoint.irecv(ranks.rank(0), ranks.contextId, 1, TAG, DataRef.host(into));
            assertArrayEquals(payload(8, i), into, "message " + i);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldWakeParkedReceiversWhenRingMessagesArrive() throws Exception
    {
        final MpiWorld world = new MpiWorld(2);
        final MpiRank rank0 = world.rank(0);
        final MpiRank rank1 = world.rank(1);
        final int contextId = rank0.comms().get(MpiRank.COMM_WORLD).contextId();
        rank0.thread(Thread.currentThread());
        final CompletableFuture<Void> sender = CompletableFuture.runAsync(() ->
        {
            rank1.thread(Thread.currentThread());
            final Communicator comm = rank1.comms().get(MpiRank.COMM_WORLD);
            for (int i = 0; i < 20; i++)
            {
                sleepMs(3);
                PointToPoint.send(rank1, comm, contextId, 0, TAG, DataRef.host(payload(8, i)));
            }
        });
        for (int i = 0; i < 10; i++)
        {
            final byte[] into = new byte[8];
            final long startNs = System.nanoTime();
            PointToPoint.release(rank0, PointToPoint.recv(rank0, contextId, 1, TAG, DataRef.host(into)));
            assertArrayEquals(payload(8, i), into);
            assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(2), "receive " + i + " was not woken");
        }
        // a thread other than the rank's own (a helper) waits too: it parks unannounced and is woken by the drain
        final CompletableFuture<Void> helper = CompletableFuture.runAsync(() ->
        {
            for (int i = 10; i < 20; i++)
            {
                final byte[] into = new byte[8];
                PointToPoint.recv(rank0, contextId, 1, TAG, DataRef.host(into));
                assertArrayEquals(payload(8, i), into);
            }
        });
        helper.get(20, TimeUnit.SECONDS);
        sender.get(20, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepEachSendersOrderWhenSendersRunConcurrently() throws Exception
    {
        final int senders = 3;
        final int perSender = 4000;
        final MpiWorld world = new MpiWorld(senders + 1);
        final MpiRank receiver = world.rank(0);
        receiver.thread(Thread.currentThread());
        final int contextId = receiver.comms().get(MpiRank.COMM_WORLD).contextId();
        final List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int s = 1; s <= senders; s++)
        {
            final MpiRank sender = world.rank(s);
            running.add(CompletableFuture.runAsync(() ->
            {
                sender.thread(Thread.currentThread());
                final Communicator comm = sender.comms().get(MpiRank.COMM_WORLD);
                for (int i = 0; i < perSender; i++)
                {
                    // mostly ring-size messages, with mailbox ones (eager, rendezvous, synchronous) among them
                    final int length = i % 97 == 0 ? 70_000 : i % 13 == 0 ? 3000 : 8 + i % 200;
                    final byte[] data = new byte[length];
                    data[0] = (byte)sender.worldRank();
                    data[1] = (byte)i;
                    data[2] = (byte)(i >> 8);
                    data[length - 1] = (byte)(i * 7);
                    final Request send = PointToPoint.isend(sender, comm, contextId, 0, TAG, DataRef.host(data),
                        i % 251 == 0);
                    sender.await(send);
                    PointToPoint.release(sender, send);
                }
            }));
        }
        final int[] next = new int[senders + 1];
        final byte[] into = new byte[70_000];
        for (int m = 0; m < senders * perSender; m++)
        {
            final Request receive = PointToPoint.recv(receiver, contextId, MatchRules.ANY_SOURCE, TAG,
                DataRef.host(into));
            final int source = receive.statusSource();
            final int sequence = into[1] & 0xff | (into[2] & 0xff) << 8;
            assertEquals(source, into[0], "payload names its sender");
            assertEquals(next[source], sequence, "message from rank " + source + " overtook an earlier one");
            assertEquals((byte)(sequence * 7), into[receive.countBytes() - 1], "last byte of message " + sequence);
            next[source]++;
            PointToPoint.release(receiver, receive);
        }
        for (final CompletableFuture<Void> sender : running)
        {
            sender.get(30, TimeUnit.SECONDS);
        }
    }

    private static void checkOrder(final int[] next, final Request receive, final byte[] data)
    {
        final int source = receive.statusSource();
        assertEquals(source, data[0], "payload names its sender");
        assertEquals(next[source], data[1], "message from rank " + source + " overtook an earlier one");
        next[source]++;
    }

    private static byte[] payload(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(seed * 13 + i * 7 + 1);
        }
        return data;
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

    /** A world whose ranks all run on the test thread. */
    private static final class Ranks
    {
        private final MpiWorld world;
        private final int contextId;

        Ranks(final int size)
        {
            world = new MpiWorld(size);
            for (int r = 0; r < size; r++)
            {
                world.rank(r).thread(Thread.currentThread());
            }
            contextId = world.rank(0).comms().get(MpiRank.COMM_WORLD).contextId();
        }

        MpiRank rank(final int worldRank)
        {
            return world.rank(worldRank);
        }

        Communicator world(final int worldRank)
        {
            return world.rank(worldRank).comms().get(MpiRank.COMM_WORLD);
        }
    }
}
