package io.wabric.mpi.p2p;

import io.wabric.core.faaslet.ExitCodes;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.world.JobFailure;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import io.wabric.transport.ChunkSink;
import io.wabric.transport.FrameHandler;
import io.wabric.transport.FrameHeader;
import io.wabric.transport.TransportConfig;
import io.wabric.transport.TransportException;
import io.wabric.transport.TransportNode;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The way to ranks in other processes of the job, below the point-to-point API: sends go out as DATA frames on the
 * transport; frames that arrive are matched in the receiving rank's mailbox exactly like local messages (a posted
 * receive gets the data straight from the transport's buffer, else a copy waits as an unexpected message). A long
 * message whose receive is posted when its first chunk arrives streams into it chunk by chunk
 * ({@link StreamedReceive}).
 *
 * <p>Control frames: ACK completes a synchronous send once its message was matched remotely; FAIL carries a
 * failure that started in another process (MPI_Abort, a trap, a non-zero exit) and ends this process's ranks;
 * DONE says a process's ranks have all finished. A peer that goes silent past the liveness timeout fails the job.
 */
public final class RemoteRoute implements FrameHandler
{
    private final MpiWorld world;
    private final TransportConfig config;
    private final int[] firstRanks;
    private final ConcurrentHashMap<Long, Request> syncSends = new ConcurrentHashMap<>();
    private final AtomicIntegerArray done;
    /** Sinks of finished streamed receives, for reuse; touched only by the thread polling the transport. */
    private final StreamedReceive[] spareSinks = new StreamedReceive[4];
    private int spareSinkCount;
    private TransportNode node;
    private Thread failureBroadcast;

    /**
     * @param world      this process's view of the job.
     * @param config     the transport settings of this process.
     * @param firstRanks the first world rank of each process, plus the world size at the end (block placement).
     */
    public RemoteRoute(final MpiWorld world, final TransportConfig config, final int[] firstRanks)
    {
        if (firstRanks.length != config.processCount() + 1 || firstRanks[firstRanks.length - 1] != world.size())
        {
            throw new IllegalArgumentException("rank placement " + java.util.Arrays.toString(firstRanks) +
                " must list the first rank of each of " + config.processCount() + " processes, then " + world.size());
        }
        this.world = world;
        this.config = config;
        this.firstRanks = firstRanks.clone();
        this.done = new AtomicIntegerArray(config.processCount());
    }

    /**
     * Connects to the other processes and installs this route in the world.
     *
     * @return this.
     */
    public RemoteRoute start()
    {
        node = new TransportNode(config, this);
        node.abortCheck(world::checkAlive);
        node.start();
        world.remote(this);
        world.failureListener(this::broadcastFailure);
        return this;
    }

    /**
     * Handles arrived frames on the calling (waiting rank's) thread if no other thread is doing so.
     *
     * @return frames handled.
     */
    public int progress()
    {
        return node.poll();
    }

    /**
     * Tells the transport that a waiting rank stops polling for a while (it parks): the receiver thread takes over
     * receiving at once, so the rank is woken by what arrives rather than by its park running out.
     */
    public void waiterParks()
    {
        node.waiterParks();
    }

    /**
     * @param worldRank a rank.
     * @return the process it runs in.
     */
    public int processOf(final int worldRank)
    {
        for (int p = 0; p < firstRanks.length - 1; p++)
        {
            if (worldRank < firstRanks[p + 1])
            {
                return p;
            }
        }
        throw new IllegalArgumentException("rank " + worldRank + " is outside the world of " + world.size());
    }

    /**
     * @param process a process index.
     * @return its ranks for messages, e.g. {@code process 1 (ranks 2-3)}.
     */
    public String describe(final int process)
    {
        final int first = firstRanks[process];
        final int last = firstRanks[process + 1] - 1;
        return "process " + process + " (rank" + (first == last ? " " + first : "s " + first + "-" + last) + ")";
    }

    void send(final MpiRank sender, final int destWorld, final int contextId, final int source, final int tag,
        final DataRef data, final boolean synchronous, final Request send)
    {
        final long sequence = node.nextSequence();
        if (synchronous)
        {
            syncSends.put(sequence, send);
        }
        byte[] array = data.contiguousArray();
        int offset = data.contiguousOffset();
        final int length = data.byteLength();
        if (array == null)
        {
            array = data.toBytes();
            offset = 0;
        }
        try
        {
            node.send(processOf(destWorld), FrameHeader.TYPE_DATA, synchronous ? FrameHeader.FLAG_SYNC : 0,
                contextId, source, destWorld, tag, sequence, sender.worldRank(), array, offset, length);
        }
        catch (final TransportException ex)
        {
            syncSends.remove(sequence);
            world.fail(ExitCodes.INTERNAL_ERROR, sender.worldRank(), "rank " + sender.worldRank() +
                " could not send to rank " + destWorld + " in " + describe(processOf(destWorld)) + ": " +
                ex.getMessage());
            throw ex;
        }
    }

    void sendControl(final int process, final byte type, final int tag, final int destination, final int source,
        final long sequence, final byte[] payload)
    {
        try
        {
            node.send(process, type, (byte)0, 0, source, destination, tag, sequence, -1, payload, 0,
                payload == null ? 0 : payload.length);
        }
        catch (final TransportException ex)
        {
            world.fail(ExitCodes.INTERNAL_ERROR, -1, "could not reach " + describe(process) + ": " + ex.getMessage());
        }
    }

    @Override
    public boolean onFrame(final FrameHeader header, final DirectBuffer buffer, final int payloadOffset,
        final int payloadLength, final boolean owned)
    {
        switch (header.type())
        {
            case FrameHeader.TYPE_DATA:
                return onData(header, buffer, payloadOffset, payloadLength, owned);
            case FrameHeader.TYPE_ACK:
                final Request send = syncSends.remove(header.sequence());
                if (send != null)
                {
                    send.complete(-1, send.statusTag(), 0, MpiError.SUCCESS, "");
                }
                break;
            case FrameHeader.TYPE_FAIL:
                final byte[] text = new byte[payloadLength];
                buffer.getBytes(payloadOffset, text);
                world.failFromPeer(header.tag(), header.source(), new String(text, StandardCharsets.UTF_8));
                break;
            case FrameHeader.TYPE_DONE:
                done.set(header.sourceProcess(), 1);
                node.retire(header.sourceProcess());
                break;
            default:
                onTransportFailure(header.sourceProcess(), "sent a frame of unknown type " + header.type());
                break;
        }
        return false;
    }

    @Override
    public ChunkSink onLongFrame(final FrameHeader header)
    {
        final int destination = header.destination();
        if (header.type() != FrameHeader.TYPE_DATA || !world.isLocal(destination))
        {
            return null;
        }
        final Request receive = world.mailbox(destination).takePostedForStream(header.contextId(), header.source(),
            header.tag(), header.totalLength());
        if (receive == null)
        {
            return null;
        }
        final StreamedReceive sink = spareSinkCount > 0 ? spareSinks[--spareSinkCount] : new StreamedReceive(this);
        return sink.init(receive, header.source(), header.tag(), (header.flags() & FrameHeader.FLAG_SYNC) != 0);
    }

    void recycle(final StreamedReceive sink)
    {
        if (spareSinkCount < spareSinks.length)
        {
            spareSinks[spareSinkCount++] = sink;
        }
    }

    /**
     * @return true when the mailbox kept the owned array as an unexpected message's data.
     */
    private boolean onData(final FrameHeader header, final DirectBuffer buffer, final int offset, final int length,
        final boolean owned)
    {
        final int destination = header.destination();
        if (!world.isLocal(destination))
        {
            onTransportFailure(header.sourceProcess(), "sent a message for rank " + destination +
                ", which does not run in this process");
            return false;
        }
        final SyncAck ack = (header.flags() & FrameHeader.FLAG_SYNC) != 0 ?
            new SyncAck(this, header.sourceProcess(), header.sequence(), header.sourceWorld()) : null;
        final Request receive = world.mailbox(destination).offerRemote(header.contextId(), header.source(),
            header.tag(), buffer, offset, length, owned, ack);
        if (receive != null)
        {
            PointToPoint.deliverRemote(buffer, offset, length, header.source(), header.tag(), receive);
            if (ack != null)
            {
                ack.send();
            }
            return false;
        }
        return owned && Mailbox.keepsOwned(length);
    }

    @Override
    public void onTransportFailure(final int process, final String message)
    {
        if (process >= 0 && done.get(process) != 0)
        {
            return;
        }
        world.fail(ExitCodes.INTERNAL_ERROR, process >= 0 ? firstRanks[process] : -1,
            (process >= 0 ? describe(process) + " failed: " : "") + message);
    }

    /**
     * Marks a peer finished without its DONE frame, e.g. once the launcher saw it exit with status 0.
     *
     * @param process the peer.
     */
    public void peerFinished(final int process)
    {
        done.set(process, 1);
        node.retire(process);
    }

    private void broadcastFailure(final JobFailure failure)
    {
        final byte[] text = failure.message().getBytes(StandardCharsets.UTF_8);
        final Thread thread = new Thread(() ->
        {
            for (int p = 0; p < config.processCount(); p++)
            {
                if (p != config.processIndex() && done.get(p) == 0)
                {
                    sendControl(p, FrameHeader.TYPE_FAIL, failure.exitCode(), -1, failure.rank(), 0, text);
                }
            }
        }, "wabric-failure-broadcast");
        thread.setDaemon(true);
        failureBroadcast = thread;
        thread.start();
    }

    /**
     * Tells every peer that this process's ranks have all finished; sent after their last message.
     */
    public void sendDone()
    {
        for (int p = 0; p < config.processCount(); p++)
        {
            if (p != config.processIndex())
            {
                sendControl(p, FrameHeader.TYPE_DONE, 0, -1, -1, 0, null);
            }
        }
    }

    /**
     * @param process a process index.
     * @return its first world rank.
     */
    public int firstRank(final int process)
    {
        return firstRanks[process];
    }

    /**
     * @return whether every peer has said DONE (or exited with status 0), so this process may close.
     */
    public boolean allPeersDone()
    {
        for (int p = 0; p < config.processCount(); p++)
        {
            if (p != config.processIndex() && done.get(p) == 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Lets a failure broadcast finish, gives UDP frames time to leave, and closes the transport.
     */
    public void close()
    {
        final Thread broadcast = failureBroadcast;
        if (broadcast != null)
        {
            try
            {
                broadcast.join(3_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (config.media() == TransportConfig.Media.UDP)
        {
            sleep(2 * config.heartbeatIntervalMs());
        }
        node.close();
    }

    private static void sleep(final long ms)
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
}
