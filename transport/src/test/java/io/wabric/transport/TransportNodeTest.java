package io.wabric.transport;

import io.aeron.driver.MediaDriver;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TransportNodeTest
{
    private static final int LARGE_BYTES = 6 * 1024 * 1024 + 17;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExchangeLargeMessagesBothWaysAtOnceWhenOverIpc() throws Exception
    {
        final String dir = "/dev/shm/wabric-transport-test-" + ProcessHandle.current().pid() + "-ipc";
        final MediaDriver driver = TransportNode.launchDriver(dir, "backoff");
        try
        {
            exchange(new TransportConfig(0, 2).aeronDirectory(dir).termLengthBytes(1024 * 1024),
                new TransportConfig(1, 2).aeronDirectory(dir).termLengthBytes(1024 * 1024));
        }
        finally
        {
            driver.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepEachThreadsMessagesInOrderWhenLongOnesStreamThroughASmallRing() throws Exception
    {
        final String dir = "/dev/shm/wabric-transport-test-" + ProcessHandle.current().pid() + "-ring";
        final MediaDriver driver = TransportNode.launchDriver(dir, "backoff");
        final LinkedBlockingQueue<byte[]> toB = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
        final Collector streaming = new Collector(toB, failures);
        streaming.streamTags = true;
        try (TransportNode a = new TransportNode(new TransportConfig(0, 2).aeronDirectory(dir).bulkRingBytes(65536),
                new Collector(failures)).start();
            TransportNode b = new TransportNode(new TransportConfig(1, 2).aeronDirectory(dir).bulkRingBytes(65536),
                streaming).start())
        {
            // two threads of process 0 each send small and long messages in turn; the long ones (200 KiB and
            // 1 MiB + 3, both well over the 64 KiB ring) alternate between streaming into a sink (odd tags) and
            // reassembly (even tags)
            assertEquals(1, b.processIndex());
            final int perThread = 12;
            final CountDownLatch go = new CountDownLatch(1);
            final CompletableFuture<?>[] senders = new CompletableFuture<?>[2];
            for (int t = 0; t < 2; t++)
            {
                final int thread = t;
                senders[t] = CompletableFuture.runAsync(() ->
                {
                    await(go);
                    for (int i = 0; i < perThread; i++)
                    {
                        final byte[] data = pattern(messageLength(i), thread * 100 + i);
                        a.send(1, FrameHeader.TYPE_DATA, (byte)0, 7, thread, 1, i, a.nextSequence(), 0, data, 0,
                            data.length);
                    }
                });
            }
            go.countDown();
            CompletableFuture.allOf(senders).get(50, TimeUnit.SECONDS);
            final int[] next = new int[2];
            for (int m = 0; m < 2 * perThread; m++)
            {
                final byte[] frame = toB.poll(20, TimeUnit.SECONDS);
                final String from = streaming.sources.poll();
                final int thread = Integer.parseInt(from.substring(0, from.indexOf(' ')));
                final int i = next[thread]++;
                assertEquals(thread + " " + i, from, "thread " + thread + "'s messages arrive in the order sent");
                assertArrayEquals(pattern(messageLength(i), thread * 100 + i), frame, "message " + i + " of " + thread);
            }
            assertTrue(streaming.streamed > 0 && streaming.reassembled > 0,
                "streamed " + streaming.streamed + ", reassembled " + streaming.reassembled);
            assertEquals(null, failures.poll());
        }
        finally
        {
            driver.close();
        }
        assertTrue(!new java.io.File(dir + "-rings").exists(), "the rings' directory is gone after the job");
    }

    private static int messageLength(final int i)
    {
        return i % 3 == 0 ? 100 + i : i % 3 == 1 ? 200 * 1024 : 1024 * 1024 + 3;
    }

    private static void await(final CountDownLatch go)
    {
        try
        {
            go.await();
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExchangeLargeMessagesBothWaysAtOnceWhenOverUdpLoopback() throws Exception
    {
        final String base = "/dev/shm/wabric-transport-test-" + ProcessHandle.current().pid() + "-udp";
        final List<String> endpoints = List.of("127.0.0.1:" + (41000 + (int)(ProcessHandle.current().pid() % 1000)),
            "127.0.0.2:" + (42000 + (int)(ProcessHandle.current().pid() % 1000)));
        exchange(new TransportConfig(0, 2).media(TransportConfig.Media.UDP).endpoints(endpoints)
                .aeronDirectory(base + "0").launchDriver(true),
            new TransportConfig(1, 2).media(TransportConfig.Media.UDP).endpoints(endpoints)
                .aeronDirectory(base + "1").launchDriver(true));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportPeerWhenItFallsSilent() throws Exception
    {
        final String dir = "/dev/shm/wabric-transport-test-" + ProcessHandle.current().pid() + "-live";
        final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
        final MediaDriver driver = TransportNode.launchDriver(dir, "backoff");
        try (TransportNode a = new TransportNode(new TransportConfig(0, 2).aeronDirectory(dir).liveness(50, 500),
                new Collector(failures)).start())
        {
            assertEquals(0, a.processIndex());
            final TransportNode b = new TransportNode(new TransportConfig(1, 2).aeronDirectory(dir).liveness(50, 500),
                new Collector(new LinkedBlockingQueue<>())).start();
            b.send(0, FrameHeader.TYPE_DATA, (byte)0, 0, 1, 0, 5, b.nextSequence(), 1, new byte[8], 0, 8);
            Thread.sleep(300);
            final long closedNs = System.nanoTime();
            b.close();
            final String failure = failures.poll(10, TimeUnit.SECONDS);
            assertTrue(failure != null && failure.startsWith("1: process 1 sent nothing"), String.valueOf(failure));
            assertTrue(System.nanoTime() - closedNs < TimeUnit.SECONDS.toNanos(3), "detection took too long");
        }
        finally
        {
            driver.close();
        }
    }

    private static void exchange(final TransportConfig configA, final TransportConfig configB) throws Exception
    {
        final LinkedBlockingQueue<byte[]> toA = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> toB = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
        try (TransportNode a = new TransportNode(configA, new Collector(toA, failures)).start();
            TransportNode b = new TransportNode(configB, new Collector(toB, failures)).start())
        {
            final byte[] fromA = pattern(LARGE_BYTES, 3);
            final byte[] fromB = pattern(LARGE_BYTES, 5);
            final CountDownLatch go = new CountDownLatch(1);
            final CompletableFuture<Void> sendA = CompletableFuture.runAsync(() -> sendAll(a, 1, fromA, go));
            final CompletableFuture<Void> sendB = CompletableFuture.runAsync(() -> sendAll(b, 0, fromB, go));
            go.countDown();
            sendA.get(50, TimeUnit.SECONDS);
            sendB.get(50, TimeUnit.SECONDS);
            for (int i = 0; i < 3; i++)
            {
                assertArrayEquals(pattern(100 + i, i), toB.poll(20, TimeUnit.SECONDS), "small message " + i);
                assertArrayEquals(pattern(100 + i, i), toA.poll(20, TimeUnit.SECONDS), "small message " + i);
            }
            assertArrayEquals(fromA, toB.poll(20, TimeUnit.SECONDS));
            assertArrayEquals(fromB, toA.poll(20, TimeUnit.SECONDS));
            assertEquals(null, failures.poll());
        }
    }

    private static void sendAll(final TransportNode node, final int peer, final byte[] large, final CountDownLatch go)
    {
        try
        {
            go.await();
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
        for (int i = 0; i < 3; i++)
        {
            final byte[] small = pattern(100 + i, i);
            node.send(peer, FrameHeader.TYPE_DATA, (byte)0, 7, node.processIndex(), peer, i, node.nextSequence(),
                node.processIndex(), small, 0, small.length);
        }
        node.send(peer, FrameHeader.TYPE_DATA, (byte)0, 7, node.processIndex(), peer, 9, node.nextSequence(),
            node.processIndex(), large, 0, large.length);
    }

    private static byte[] pattern(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + seed);
        }
        return bytes;
    }

    private static final class Collector implements FrameHandler
    {
        private final LinkedBlockingQueue<byte[]> frames;
        private final LinkedBlockingQueue<String> failures;
        private final LinkedBlockingQueue<String> sources = new LinkedBlockingQueue<>();
        private boolean streamTags;
        private int streamed;
        private int reassembled;

        Collector(final LinkedBlockingQueue<String> failures)
        {
            this(new LinkedBlockingQueue<>(), failures);
        }

        Collector(final LinkedBlockingQueue<byte[]> frames, final LinkedBlockingQueue<String> failures)
        {
            this.frames = frames;
            this.failures = failures;
        }

        @Override
        public boolean onFrame(final FrameHeader header, final DirectBuffer buffer, final int payloadOffset,
            final int payloadLength, final boolean owned)
        {
            final byte[] copy = new byte[payloadLength];
            buffer.getBytes(payloadOffset, copy);
            reassembled += owned ? 1 : 0;
            sources.add(header.source() + " " + header.tag());
            frames.add(copy);
            return false;
        }

        @Override
        public ChunkSink onLongFrame(final FrameHeader header)
        {
            if (!streamTags || header.tag() % 2 == 0)
            {
                return null;
            }
            final byte[] whole = new byte[header.totalLength()];
            return new ChunkSink()
            {
                private int received;

                @Override
                public void onChunk(final DirectBuffer buffer, final int offset, final int length,
                    final int messageOffset)
                {
                    assertEquals(received, messageOffset, "chunks come in order");
                    buffer.getBytes(offset, whole, messageOffset, length);
                    received += length;
                }

                @Override
                public void onComplete(final FrameHeader last)
                {
                    assertEquals(whole.length, received);
                    streamed++;
                    sources.add(last.source() + " " + last.tag());
                    frames.add(whole);
                }
            };
        }

        @Override
        public void onTransportFailure(final int process, final String message)
        {
            failures.add(process + ": " + message);
        }
    }
}
