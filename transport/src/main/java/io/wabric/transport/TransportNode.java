package io.wabric.transport;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One process's end of the job's transport: an Aeron client (and, when configured, the embedded media driver),
 * one subscription this process receives on, one publication to every peer, and a receiver thread.
 *
 * <p>Sending: any thread may call {@link #send}; a message longer than one chunk (an eighth of the term length,
 * less the header) is cut into chunks that share a sequence number. Chunks of one sending thread enter the log in
 * order, so messages from one sender arrive in the order sent (MPI's non-overtaking rule). A back-pressured send
 * idles and retries (a data frame calls the abort check meanwhile, so a failed job ends the wait; a control
 * frame gives up after two seconds); it never deadlocks against a peer sending to it at the same time, because receiving runs on
 * this node's own receiver thread, which always drains the subscription.
 *
 * <p>Receiving: the receiver thread (or a thread waiting for a message, through {@link #poll()}; one at a time)
 * hands each message to the {@link FrameHandler}: a message in one chunk straight from the log, without copying or
 * allocating; a longer one chunk by chunk to the {@link ChunkSink} the handler names for it (one copy, overlapping
 * with the sender's), else reassembled into an array first. It also sends a heartbeat to every peer
 * each interval, and reports a peer that has been silent past the liveness timeout (or never joined, i.e. sent
 * nothing at all, within the connect timeout) as a transport failure.
 */
public final class TransportNode implements AutoCloseable
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final int IPC_MTU_BYTES = 65504;
    private static final long CONTROL_SEND_LIMIT_MS = 2_000;
    /** How long a sender spins on a full ring before it idles. */
    private static final long BULK_SPIN_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How recently a waiting thread must have polled for the receiver thread to skip its own poll. */
    private static final long RECEIVER_DEFERS_NS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final byte[] EMPTY = new byte[0];
    /** Reassembly arrays kept for reuse, so chunked messages the handler copies out allocate nothing. */
    private static final int SPARE_REASSEMBLY_ARRAYS = 4;
    /** Longer reassembly arrays are left to the GC rather than pinned. */
    private static final int MAX_SPARE_REASSEMBLY_BYTES = 8 * 1024 * 1024;

    private final TransportConfig config;
    private final FrameHandler handler;
    private final int me;
    private final int processes;
    private final AtomicLong nextSequence;
    private final AtomicIntegerArray retired;
    private final AtomicLongArray lastSeenNs;
    /** Peers not heard from yet; touched only by the thread that holds the poll lock. */
    private int unseenPeers;
    /** Whether every peer has been heard from: until then nothing waits on a peer's answer, so no thread runs hot. */
    private volatile boolean joined;
    private final ReentrantLock pollLock = new ReentrantLock();
    /** When a thread waiting for a message last polled; the receiver thread leaves the polling to it meanwhile. */
    private final AtomicLong waiterPolledNs = new AtomicLong(System.nanoTime() - RECEIVER_DEFERS_NS);
    /** When a thread last waited on the transport (polled, or retried a back-pressured send): the UDP driver's cue. */
    private final AtomicLong demandNs = new AtomicLong(System.nanoTime() - DemandIdleStrategy.HOT_WINDOW_NS);
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFragment);
    private final Long2ObjectHashMap<byte[]> partial = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ChunkSink> streaming = new Long2ObjectHashMap<>();
    private final Long2LongHashMap partialReceived = new Long2LongHashMap(-1);
    private final byte[][] spareReassembly = new byte[SPARE_REASSEMBLY_ARRAYS][];
    private int spareReassemblyCount;
    private final FrameHeader rxHeader = new FrameHeader();
    private final UnsafeBuffer rxAssembled = new UnsafeBuffer(EMPTY);
    private final ThreadLocal<SendScratch> scratch;
    private MediaDriver driver;
    /** The embedded driver's thread (shared mode), woken when a wait begins after a quiet spell. */
    private volatile Thread driverThread;
    private Aeron aeron;
    private Subscription subscription;
    private Publication[] publications;
    /** UDP only: the channels' MTU, socket buffers and receiver window. */
    private UdpChannels udpChannels;
    /** IPC only: where the shared-memory rings for long messages live, one file per sending and receiving process. */
    private File ringDirectory;
    /** By receiving peer: the ring this process writes long messages into, made on the first; guarded by the lock. */
    private SharedMemoryRing[] outRings;
    private ReentrantLock[] outRingLocks;
    /** By sending peer: the ring this process reads long messages from, and the message being read from it. */
    private SharedMemoryRing[] inRings;
    private BulkReceive[] bulkReceives;
    private int activeBulkReceives;
    private Thread receiver;
    private volatile boolean running;
    private volatile Runnable abortCheck = () -> { };
    private int maxChunkBytes;
    private long startNs;

    /**
     * @param config  how to connect.
     * @param handler receives frames on the receiver thread.
     */
    public TransportNode(final TransportConfig config, final FrameHandler handler)
    {
        this.config = config;
        this.handler = handler;
        this.me = config.processIndex();
        this.processes = config.processCount();
        this.nextSequence = new AtomicLong((long)me << 48);
        this.retired = new AtomicIntegerArray(processes);
        this.lastSeenNs = new AtomicLongArray(processes);
        this.unseenPeers = processes - 1;
        this.joined = unseenPeers == 0;
        this.scratch = ThreadLocal.withInitial(() -> new SendScratch(IdleStrategies.create(config.idleStrategy())));
    }

    /**
     * Starts an embedded media driver in a directory, for the processes of this machine to share.
     *
     * @param aeronDirectory a fresh directory, e.g. under /dev/shm, unique per job.
     * @param idleStrategy   the driver's idle strategy name.
     * @return the driver; close it after every process using it has closed its node.
     */
    public static MediaDriver launchDriver(final String aeronDirectory, final String idleStrategy)
    {
        return launchDriver(aeronDirectory, IdleStrategies.create(idleStrategy), Thread::new);
    }

    private static MediaDriver launchDriver(final String aeronDirectory, final IdleStrategy idleStrategy,
        final ThreadFactory threadFactory)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .sharedThreadFactory(threadFactory)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idleStrategy)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .termBufferSparseFile(true)
            .publicationLingerTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500));
        return MediaDriver.launch(context);
    }

    /**
     * @param aeronDirectory the IPC media driver's directory.
     * @return where the processes sharing that driver keep their shared-memory rings for long messages; delete it
     *         with the driver's directory.
     */
    public static File ringDirectory(final String aeronDirectory)
    {
        return new File(aeronDirectory + "-rings");
    }

    /**
     * Connects: starts the driver if configured, subscribes, publishes to every peer and starts the receiver thread.
     *
     * @return this.
     */
    public TransportNode start()
    {
        if (config.launchDriver())
        {
            // over UDP this process's driver carries every message: under backoff it runs hot while a thread
            // here waits on the transport (IPC's data path bypasses the driver)
            final IdleStrategy idle = IdleStrategies.create(config.idleStrategy());
            driver = launchDriver(config.aeronDirectory(), config.media() == TransportConfig.Media.UDP ?
                demandDriven(idle, () -> System.nanoTime() - demandNs.get() < DemandIdleStrategy.HOT_WINDOW_NS) :
                idle, runnable ->
                {
                    final Thread thread = new Thread(runnable, "wabric-aeron-driver-" + me);
                    driverThread = thread;
                    return thread;
                });
        }
        final Aeron.Context context = new Aeron.Context()
            .aeronDirectoryName(config.aeronDirectory())
            .errorHandler(this::onAeronError);
        aeron = Aeron.connect(context);
        final int term = config.termLengthBytes();
        if (config.media() == TransportConfig.Media.IPC)
        {
            subscription = aeron.addSubscription("aeron:ipc", config.streamIdBase() + me);
        }
        else
        {
            requireEndpoints();
            udpChannels = UdpChannels.forEndpoint(config.endpoints().get(me), term, config.mtuBytes());
            subscription = aeron.addSubscription(udpChannels.subscriptionChannel(), config.streamIdBase());
        }
        publications = new Publication[processes];
        for (int p = 0; p < processes; p++)
        {
            if (p == me)
            {
                continue;
            }
            if (config.media() == TransportConfig.Media.IPC)
            {
                final int mtu = config.mtuBytes() > 0 ? config.mtuBytes() : Math.min(IPC_MTU_BYTES, term / 8 - 32);
                publications[p] = aeron.addPublication("aeron:ipc?term-length=" + term + "|mtu=" + mtu,
                    config.streamIdBase() + p);
            }
            else
            {
                publications[p] = aeron.addPublication(udpChannels.publicationChannel(config.endpoints().get(p)),
                    config.streamIdBase());
            }
            maxChunkBytes = (config.media() == TransportConfig.Media.IPC ? publications[p].maxPayloadLength() :
                publications[p].maxMessageLength()) - FrameHeader.LENGTH;
        }
        if (config.media() == TransportConfig.Media.IPC)
        {
            ringDirectory = ringDirectory(config.aeronDirectory());
            outRings = new SharedMemoryRing[processes];
            inRings = new SharedMemoryRing[processes];
            bulkReceives = new BulkReceive[processes];
            outRingLocks = new ReentrantLock[processes];
            for (int p = 0; p < processes; p++)
            {
                outRingLocks[p] = new ReentrantLock();
            }
        }
        startNs = System.nanoTime();
        running = true;
        receiver = new Thread(this::receiveLoop, "wabric-transport-rx-" + me);
        receiver.setDaemon(true);
        receiver.start();
        return this;
    }

    /**
     * @param idle the configured strategy.
     * @param hot  when the thread must stay hot.
     * @return under the default backoff, a strategy that stays hot while {@code hot} holds; otherwise the
     *         configured one, which the user chose.
     */
    private IdleStrategy demandDriven(final IdleStrategy idle, final BooleanSupplier hot)
    {
        return TransportConfig.DEFAULT_IDLE.equals(config.idleStrategy()) ? new DemandIdleStrategy(idle, hot) : idle;
    }

    private void requireEndpoints()
    {
        if (config.endpoints().size() != processes)
        {
            throw new TransportException("UDP needs one host:port endpoint per process: got " +
                config.endpoints().size() + " for " + processes + " processes");
        }
    }

    /**
     * @param abortCheck called while a send waits; throws to end the wait when the job has failed.
     */
    public void abortCheck(final Runnable abortCheck)
    {
        this.abortCheck = abortCheck;
    }

    /**
     * @return this process's index.
     */
    public int processIndex()
    {
        return me;
    }

    /**
     * @return processes in the job.
     */
    public int processCount()
    {
        return processes;
    }

    /**
     * @return a new sequence number, unique in the job, for a message about to be sent (e.g. to await its ACK).
     */
    public long nextSequence()
    {
        return nextSequence.incrementAndGet();
    }

    /**
     * Stops liveness checks of a peer that has finished (sent DONE) or whose failure was reported.
     *
     * @param process the peer.
     */
    public void retire(final int process)
    {
        retired.set(process, 1);
    }

    /**
     * Sends a frame to a peer process, chunked when long; returns once every chunk is in the log.
     *
     * @param process     the receiving process.
     * @param type        a {@code FrameHeader.TYPE_} value.
     * @param flags       flags.
     * @param contextId   the matching context.
     * @param source      the sender's rank in its communicator.
     * @param destination the receiving world rank.
     * @param tag         the tag.
     * @param sequence    from {@link #nextSequence()}.
     * @param sourceWorld the sender's world rank.
     * @param payload     the data, or {@code null} when length is 0.
     * @param offset      the data's first byte.
     * @param length      bytes.
     * @throws TransportException when the peer cannot be reached.
     */
    public void send(final int process, final byte type, final byte flags, final int contextId, final int source,
        final int destination, final int tag, final long sequence, final int sourceWorld, final byte[] payload,
        final int offset, final int length)
    {
        final SendScratch s = scratch.get();
        if (payload != null)
        {
            s.payload.wrap(payload);
        }
        send(s, process, type, flags, contextId, source, destination, tag, sequence, sourceWorld,
            payload == null ? null : s.payload, offset, length);
    }

    /**
     * As {@link #send(int, byte, byte, int, int, int, int, long, int, byte[], int, int)} for data in a buffer.
     */
    public void send(final int process, final byte type, final byte flags, final int contextId, final int source,
        final int destination, final int tag, final long sequence, final int sourceWorld, final DirectBuffer payload,
        final int offset, final int length)
    {
        send(scratch.get(), process, type, flags, contextId, source, destination, tag, sequence, sourceWorld,
            payload, offset, length);
    }

    private void send(final SendScratch s, final int process, final byte type, final byte flags,
        final int contextId, final int source, final int destination, final int tag, final long sequence,
        final int sourceWorld, final DirectBuffer payload, final int offset, final int length)
    {
        final Publication publication = publication(process);
        if (outRings != null && type == FrameHeader.TYPE_DATA && length > maxChunkBytes)
        {
            sendBulk(s, process, publication, flags, contextId, source, destination, tag, sequence, sourceWorld,
                payload, offset, length);
            return;
        }
        s.header.write(s.headerBuffer, 0, type, flags, me, contextId, source, destination, tag, length, sequence, 0,
            sourceWorld);
        int sent = 0;
        do
        {
            final int chunk = Math.min(maxChunkBytes, length - sent);
            s.header.chunkOffset(sent);
            offer(s, publication, process, payload, offset + sent, chunk);
            sent += chunk;
        }
        while (sent < length);
    }

    /**
     * Announces a long message on the peer's subscription (a header-only frame flagged BULK, in order with this
     * sender's other frames), then streams its bytes through the shared-memory ring to that peer. The ring's lock
     * keeps the messages of this process's threads whole and in announcement order. While the ring is full this
     * thread receives (the peer may be streaming to us at the same time) and checks that the job is alive.
     */
    private void sendBulk(final SendScratch s, final int process, final Publication publication, final byte flags,
        final int contextId, final int source, final int destination, final int tag, final long sequence,
        final int sourceWorld, final DirectBuffer payload, final int offset, final int length)
    {
        final ReentrantLock lock = outRingLocks[process];
        lock.lock();
        try
        {
            final SharedMemoryRing ring = outRing(process);
            s.header.write(s.headerBuffer, 0, FrameHeader.TYPE_DATA, (byte)(flags | FrameHeader.FLAG_BULK), me,
                contextId, source, destination, tag, length, sequence, 0, sourceWorld);
            offer(s, publication, process, null, 0, 0);
            final IdleStrategy idle = s.idle;
            final long stallLimitNs = TimeUnit.MILLISECONDS.toNanos(config.livenessTimeoutMs());
            long progressNs = System.nanoTime();
            int sent = 0;
            while (sent < length)
            {
                final int written = ring.write(payload, offset + sent, length - sent);
                if (written > 0)
                {
                    sent += written;
                    progressNs = System.nanoTime();
                    idle.reset();
                    continue;
                }
                if (pollOnce() > 0)
                {
                    continue;
                }
                final long stalledNs = System.nanoTime() - progressNs;
                if (stalledNs < BULK_SPIN_NS)
                {
                    Thread.onSpinWait();
                    continue;
                }
                abortCheck.run();
                if (!running)
                {
                    throw new TransportException("transport of process " + me + " is closed");
                }
                if (stalledNs > stallLimitNs)
                {
                    throw new TransportException("process " + process + " took none of the last " + (length - sent) +
                        " bytes of a " + length + "-byte message for " + TimeUnit.NANOSECONDS.toMillis(stalledNs) +
                        " ms: it died, hangs or stopped receiving");
                }
                idle.idle();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private SharedMemoryRing outRing(final int process)
    {
        SharedMemoryRing ring = outRings[process];
        if (ring == null)
        {
            if (!ringDirectory.isDirectory() && !ringDirectory.mkdirs() && !ringDirectory.isDirectory())
            {
                throw new TransportException("cannot make the directory " + ringDirectory +
                    " for shared-memory rings");
            }
            ring = SharedMemoryRing.create(ringFile(me, process), config.bulkRingBytes());
            outRings[process] = ring;
        }
        return ring;
    }

    private File ringFile(final int from, final int to)
    {
        return new File(ringDirectory, from + "-" + to + ".ring");
    }

    private Publication publication(final int process)
    {
        if (process < 0 || process >= processes || process == me)
        {
            throw new IllegalArgumentException("process " + process + " is not a peer of process " + me + " (0.." +
                (processes - 1) + ")");
        }
        return publications[process];
    }

    private void offer(final SendScratch s, final Publication publication, final int process,
        final DirectBuffer payload, final int offset, final int length)
    {
        final IdleStrategy idle = s.idle;
        final boolean data = s.header.type() == FrameHeader.TYPE_DATA;
        final long controlDeadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROL_SEND_LIMIT_MS);
        long connectDeadlineNs = 0;
        idle.reset();
        while (true)
        {
            final long result = length == 0 ? publication.offer(s.headerBuffer, 0, FrameHeader.LENGTH) :
                publication.offer(s.headerBuffer, 0, FrameHeader.LENGTH, payload, offset, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.NOT_CONNECTED)
            {
                final long nowNs = System.nanoTime();
                if (connectDeadlineNs == 0)
                {
                    connectDeadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
                }
                else if (nowNs - connectDeadlineNs > 0)
                {
                    throw new TransportException("process " + process + " is not receiving: no subscriber on " +
                        publication.channel() + " after " + config.connectTimeoutMs() + " ms");
                }
            }
            else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new TransportException("publication to process " + process + " on " + publication.channel() +
                    (result == Publication.CLOSED ? " is closed" : " reached its maximum position"));
            }
            if (data)
            {
                abortCheck.run();
            }
            else if (System.nanoTime() - controlDeadlineNs > 0)
            {
                throw new TransportException("process " + process + " did not take a control frame within " +
                    CONTROL_SEND_LIMIT_MS + " ms");
            }
            if (!running)
            {
                throw new TransportException("transport of process " + me + " is closed");
            }
            demand(System.nanoTime());
            idle.idle();
        }
    }

    /**
     * Receives what has arrived, on the calling thread, unless another thread is receiving right now. A thread that
     * waits for a message calls this so the message is handled without waiting for the receiver thread to wake.
     *
     * @return fragments handled, 0 when none or when another thread holds the subscription.
     */
    public int poll()
    {
        final long nowNs = System.nanoTime();
        waiterPolledNs.lazySet(nowNs);
        demand(nowNs);
        return pollOnce();
    }

    /**
     * Says that the thread that has been polling through {@link #poll()} now sleeps while it waits: the receiver
     * thread stops deferring to it and is woken to receive at once, and it stays hot (under the default backoff
     * strategy) while the wait lasts, so whatever the sleeper waits for is handed over, and the sleeper woken, as
     * soon as it arrives.
     */
    public void waiterParks()
    {
        final long nowNs = System.nanoTime();
        waiterPolledNs.lazySet(nowNs - RECEIVER_DEFERS_NS);
        demand(nowNs);
        final Thread rx = receiver;
        if (rx != null)
        {
            LockSupport.unpark(rx);
        }
    }

    /**
     * Marks demand (see {@link DemandIdleStrategy}) once every peer has joined. The first mark after a quiet spell
     * also wakes the driver's thread, which may be parked for up to a millisecond by then: the wait that just began
     * is not kept waiting for the park to run out.
     */
    private void demand(final long nowNs)
    {
        if (!joined)
        {
            // a rank waiting for a peer that has not started yet (a slow ssh, a host that never answers) would keep
            // the driver and receiver threads yielding on two cores until the connect timeout: nothing can arrive
            return;
        }
        final long lastNs = demandNs.get();
        demandNs.lazySet(nowNs);
        if (nowNs - lastNs >= DemandIdleStrategy.HOT_WINDOW_NS)
        {
            final Thread driverThread = this.driverThread;
            if (driverThread != null)
            {
                LockSupport.unpark(driverThread);
            }
        }
    }

    private int pollOnce()
    {
        if (!running || !pollLock.tryLock())
        {
            return 0;
        }
        try
        {
            final int bulkWork = activeBulkReceives > 0 ? continueBulkReceives() : 0;
            return bulkWork + subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
        }
        finally
        {
            pollLock.unlock();
        }
    }

    private void receiveLoop()
    {
        // hot while a waiter sleeps and waits (see waiterParks), but not while one polls for itself
        final IdleStrategy idle = demandDriven(IdleStrategies.create(config.idleStrategy()), () ->
        {
            final long nowNs = System.nanoTime();
            return nowNs - demandNs.get() < DemandIdleStrategy.HOT_WINDOW_NS &&
                nowNs - waiterPolledNs.get() >= RECEIVER_DEFERS_NS;
        });
        final long intervalNs = TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs());
        final BufferClaim claim = new BufferClaim();
        final FrameHeader heartbeat = new FrameHeader();
        long nextBeatNs = 0;
        try
        {
            while (running)
            {
                final long nowNs = System.nanoTime();
                // a waiting thread that polls does the receiving itself: this thread stays off the lock (and the
                // core), or the kernel may preempt it mid-message with the waiter spinning on the lock it holds
                final int work = nowNs - waiterPolledNs.get() < RECEIVER_DEFERS_NS ? 0 : pollOnce();
                if (nowNs - nextBeatNs >= 0)
                {
                    beat(claim, heartbeat);
                    checkLiveness(nowNs);
                    nextBeatNs = nowNs + intervalNs;
                }
                idle.idle(work);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            if (running)
            {
                handler.onTransportFailure(-1, "transport receiver of process " + me + " failed: " + ex);
            }
        }
    }

    private void beat(final BufferClaim claim, final FrameHeader heartbeat)
    {
        for (int p = 0; p < processes; p++)
        {
            if (p != me && retired.get(p) == 0 && publications[p].tryClaim(FrameHeader.LENGTH, claim) > 0)
            {
                heartbeat.write(claim.buffer(), claim.offset(), FrameHeader.TYPE_HEARTBEAT, (byte)0, me, 0, 0, 0, 0, 0,
                    0, 0, -1);
                claim.commit();
            }
        }
    }

    private void checkLiveness(final long nowNs)
    {
        for (int p = 0; p < processes; p++)
        {
            if (p == me || retired.get(p) != 0)
            {
                continue;
            }
            final long seenNs = lastSeenNs.get(p);
            if (seenNs != 0 && nowNs - seenNs > TimeUnit.MILLISECONDS.toNanos(config.livenessTimeoutMs()))
            {
                retire(p);
                handler.onTransportFailure(p, "process " + p + " sent nothing for " +
                    TimeUnit.NANOSECONDS.toMillis(nowNs - seenNs) + " ms (liveness timeout " +
                    config.livenessTimeoutMs() + " ms): it died, hangs or its network is down");
            }
            else if (seenNs == 0 && nowNs - startNs > TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs()))
            {
                retire(p);
                handler.onTransportFailure(p, "process " + p + " did not join within " +
                    config.connectTimeoutMs() + " ms (join timeout): it did not start, or cannot reach process " + me);
            }
        }
    }

    /**
     * Records a sign of life from a peer; the first from the last peer not yet heard from means the job has joined.
     */
    private void seen(final int source)
    {
        if (lastSeenNs.get(source) == 0 && source != me && --unseenPeers == 0)
        {
            joined = true;
        }
        lastSeenNs.lazySet(source, System.nanoTime());
    }

    private Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header aeronHeader)
    {
        FrameHeader header = rxHeader.wrap(buffer, offset);
        final int source = header.sourceProcess();
        if (source >= processes)
        {
            handler.onTransportFailure(-1, "a frame came from process " + source + ", outside the job's " +
                processes + " processes");
            return Action.CONTINUE;
        }
        if (bulkReceives != null && bulkReceives[source] != null && bulkReceives[source].active)
        {
            // this sender's later frames wait until the long message it announced before them is all in: the
            // frame stays in the log and comes again (without counting as a sign of life: a sender that died
            // mid-message must still time out)
            if (!continueBulkReceive(source))
            {
                return Action.ABORT;
            }
            header = rxHeader.wrap(buffer, offset);
        }
        seen(source);
        if (header.type() == FrameHeader.TYPE_HEARTBEAT)
        {
            return Action.CONTINUE;
        }
        if ((header.flags() & FrameHeader.FLAG_BULK) != 0 && header.type() == FrameHeader.TYPE_DATA &&
            bulkReceives != null)
        {
            startBulkReceive(source, buffer, offset);
            return Action.CONTINUE;
        }
        onMessageFragment(header, buffer, offset, length);
        return Action.CONTINUE;
    }

    private void onMessageFragment(final FrameHeader header, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int payloadLength = length - FrameHeader.LENGTH;
        final int total = header.totalLength();
        if (payloadLength == total)
        {
            handler.onFrame(header, buffer, offset + FrameHeader.LENGTH, payloadLength, false);
            return;
        }
        final long sequence = header.sequence();
        final ChunkSink sink = streaming.get(sequence);
        if (sink != null || (header.chunkOffset() == 0 && partial.get(sequence) == null && startStream(header)))
        {
            stream(sink != null ? sink : streaming.get(sequence), header, buffer, offset + FrameHeader.LENGTH,
                payloadLength);
            return;
        }
        byte[] data = partial.get(sequence);
        if (data == null)
        {
            data = reassemblyArray(total);
            partial.put(sequence, data);
            partialReceived.put(sequence, 0);
        }
        buffer.getBytes(offset + FrameHeader.LENGTH, data, header.chunkOffset(), payloadLength);
        final long received = partialReceived.get(sequence) + payloadLength;
        if (received == total)
        {
            partial.remove(sequence);
            partialReceived.remove(sequence);
            rxAssembled.wrap(data, 0, total);
            final boolean kept = handler.onFrame(header, rxAssembled, 0, total, true);
            rxAssembled.wrap(EMPTY);
            if (!kept)
            {
                spareReassembly(data);
            }
        }
        else
        {
            partialReceived.put(sequence, received);
        }
    }

    private void startBulkReceive(final int source, final DirectBuffer buffer, final int offset)
    {
        if (inRings[source] == null)
        {
            inRings[source] = SharedMemoryRing.open(ringFile(source, me));
        }
        BulkReceive receive = bulkReceives[source];
        if (receive == null)
        {
            receive = new BulkReceive();
            bulkReceives[source] = receive;
        }
        receive.headerCopy.putBytes(0, buffer, offset, FrameHeader.LENGTH);
        receive.header.wrap(receive.headerCopy, 0);
        receive.received = 0;
        receive.sink = handler.onLongFrame(receive.header);
        receive.data = receive.sink == null ? reassemblyArray(receive.header.totalLength()) : null;
        receive.active = true;
        activeBulkReceives++;
        continueBulkReceive(source);
    }

    private int continueBulkReceives()
    {
        int work = 0;
        for (int p = 0; p < processes; p++)
        {
            final BulkReceive receive = bulkReceives[p];
            if (receive != null && receive.active)
            {
                final int before = receive.received;
                continueBulkReceive(p);
                work += receive.received != before ? 1 : 0;
            }
        }
        return work;
    }

    /**
     * Copies what has arrived of the long message being read from a sender's ring to where it goes; hands the
     * message over once it is all in.
     *
     * @return true when the message is complete.
     */
    private boolean continueBulkReceive(final int source)
    {
        final BulkReceive receive = bulkReceives[source];
        final SharedMemoryRing ring = inRings[source];
        final int total = receive.header.totalLength();
        final int before = receive.received;
        while (receive.received < total)
        {
            final int readable = ring.readable(total - receive.received);
            if (readable == 0)
            {
                break;
            }
            final int at = ring.readIndex();
            if (receive.sink != null)
            {
                receive.sink.onChunk(ring.buffer(), at, readable, receive.received);
            }
            else
            {
                ring.buffer().getBytes(at, receive.data, receive.received, readable);
            }
            ring.consumed(readable);
            receive.received += readable;
        }
        if (receive.received != before)
        {
            seen(source);
        }
        if (receive.received < total)
        {
            return false;
        }
        receive.active = false;
        activeBulkReceives--;
        final ChunkSink sink = receive.sink;
        final byte[] data = receive.data;
        receive.sink = null;
        receive.data = null;
        if (sink != null)
        {
            sink.onComplete(receive.header);
            return true;
        }
        rxAssembled.wrap(data, 0, total);
        final boolean kept = handler.onFrame(receive.header, rxAssembled, 0, total, true);
        rxAssembled.wrap(EMPTY);
        if (!kept)
        {
            spareReassembly(data);
        }
        return true;
    }

    private boolean startStream(final FrameHeader header)
    {
        final ChunkSink sink = handler.onLongFrame(header);
        if (sink == null)
        {
            return false;
        }
        streaming.put(header.sequence(), sink);
        partialReceived.put(header.sequence(), 0);
        return true;
    }

    private void stream(final ChunkSink sink, final FrameHeader header, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long sequence = header.sequence();
        sink.onChunk(buffer, offset, length, header.chunkOffset());
        final long received = partialReceived.get(sequence) + length;
        if (received == header.totalLength())
        {
            streaming.remove(sequence);
            partialReceived.remove(sequence);
            sink.onComplete(header);
        }
        else
        {
            partialReceived.put(sequence, received);
        }
    }

    private byte[] reassemblyArray(final int totalBytes)
    {
        for (int i = 0; i < spareReassemblyCount; i++)
        {
            final byte[] spare = spareReassembly[i];
            if (spare.length >= totalBytes)
            {
                spareReassembly[i] = spareReassembly[--spareReassemblyCount];
                spareReassembly[spareReassemblyCount] = null;
                return spare;
            }
        }
        return new byte[totalBytes];
    }

    private void spareReassembly(final byte[] array)
    {
        if (array.length > MAX_SPARE_REASSEMBLY_BYTES)
        {
            return;
        }
        if (spareReassemblyCount < spareReassembly.length)
        {
            spareReassembly[spareReassemblyCount++] = array;
            return;
        }
        int smallest = 0;
        for (int i = 1; i < spareReassembly.length; i++)
        {
            smallest = spareReassembly[i].length < spareReassembly[smallest].length ? i : smallest;
        }
        if (spareReassembly[smallest].length < array.length)
        {
            spareReassembly[smallest] = array;
        }
    }

    private void onAeronError(final Throwable error)
    {
        if (running)
        {
            handler.onTransportFailure(-1, "Aeron error in process " + me + ": " + error);
        }
    }

    /**
     * Stops the receiver thread, closes the client and, if this node started it, the media driver.
     */
    @Override
    public void close()
    {
        running = false;
        if (receiver != null)
        {
            try
            {
                receiver.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        CloseHelper.quietClose(aeron);
        CloseHelper.quietClose(driver);
        if (ringDirectory != null)
        {
            // the files go; the mappings stay until the GC drops them, so a thread still inside a send or a poll
            // never touches unmapped memory
            for (int p = 0; p < processes; p++)
            {
                if (outRings[p] != null)
                {
                    IoUtil.deleteIfExists(outRings[p].file());
                }
            }
            if (driver != null)
            {
                IoUtil.delete(ringDirectory, true);
            }
            else
            {
                ringDirectory.delete(); // the last process out of an emptied directory removes it
            }
        }
    }

    /** The long message being read from one sender's ring: its header, and where its bytes go. */
    private static final class BulkReceive
    {
        final UnsafeBuffer headerCopy = new UnsafeBuffer(new byte[FrameHeader.LENGTH]);
        final FrameHeader header = new FrameHeader();
        ChunkSink sink;
        byte[] data;
        int received;
        boolean active;
    }

    private static final class SendScratch
    {
        final UnsafeBuffer headerBuffer = new UnsafeBuffer(new byte[FrameHeader.LENGTH]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
        final FrameHeader header = new FrameHeader();
        final IdleStrategy idle;

        SendScratch(final IdleStrategy idle)
        {
            this.idle = idle;
        }
    }
}
