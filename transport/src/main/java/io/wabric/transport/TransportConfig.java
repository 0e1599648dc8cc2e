package io.wabric.transport;

import java.util.List;

/**
 * How one process of a job joins the transport: its index, the media (IPC through a shared Aeron directory, or UDP
 * between endpoints), the idle strategy and the liveness timing. Fluent setters; read by {@link TransportNode}.
 */
public final class TransportConfig
{
    /** How processes reach each other. */
    public enum Media
    {
        /** Aeron IPC through one media driver (all processes on one machine). */
        IPC,
        /** Aeron UDP between per-process endpoints (one media driver per machine or per process). */
        UDP
    }

    /** Default idle strategy name: backoff suits machines with few cores. */
    public static final String DEFAULT_IDLE = "backoff";

    private final int processIndex;
    private final int processCount;
    private Media media = Media.IPC;
    private String aeronDirectory;
    private boolean launchDriver;
    private List<String> endpoints = List.of();
    private int streamIdBase = 1000;
    private String idleStrategy = DEFAULT_IDLE;
    private long heartbeatIntervalMs = 200;
    private long livenessTimeoutMs = 10_000;
    private long connectTimeoutMs = 60_000;
    private int termLengthBytes = 8 * 1024 * 1024;
    private int mtuBytes = 0;
    private int bulkRingBytes = 2 * 1024 * 1024;

    /**
     * @param processIndex this process, 0..processCount-1.
     * @param processCount processes in the job.
     */
    public TransportConfig(final int processIndex, final int processCount)
    {
        if (processCount < 1 || processIndex < 0 || processIndex >= processCount)
        {
            throw new IllegalArgumentException("process index " + processIndex + " must lie in 0.." +
                (processCount - 1) + " (process count " + processCount + ")");
        }
        this.processIndex = processIndex;
        this.processCount = processCount;
    }

    /**
     * @param media IPC or UDP.
     * @return this.
     */
    public TransportConfig media(final Media media)
    {
        this.media = media;
        return this;
    }

    /**
     * @param aeronDirectory the media driver's directory (under /dev/shm), unique per job and machine.
     * @return this.
     */
    public TransportConfig aeronDirectory(final String aeronDirectory)
    {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    /**
     * @param launchDriver true when this process starts the embedded media driver for its directory.
     * @return this.
     */
    public TransportConfig launchDriver(final boolean launchDriver)
    {
        this.launchDriver = launchDriver;
        return this;
    }

    /**
     * @param endpoints for UDP, {@code host:port} that process i receives on, one per process.
     * @return this.
     */
    public TransportConfig endpoints(final List<String> endpoints)
    {
        this.endpoints = List.copyOf(endpoints);
        return this;
    }

    /**
     * @param streamIdBase IPC stream ids are base + receiving process index.
     * @return this.
     */
    public TransportConfig streamIdBase(final int streamIdBase)
    {
        this.streamIdBase = streamIdBase;
        return this;
    }

    /**
     * @param idleStrategy {@code backoff} (default), {@code yield}, {@code sleep} or {@code spin}.
     * @return this.
     */
    public TransportConfig idleStrategy(final String idleStrategy)
    {
        IdleStrategies.create(idleStrategy);
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * @param heartbeatIntervalMs how often an idle process tells its peers it lives.
     * @param livenessTimeoutMs   silence after which a peer counts as dead.
     * @return this.
     */
    public TransportConfig liveness(final long heartbeatIntervalMs, final long livenessTimeoutMs)
    {
        if (heartbeatIntervalMs <= 0 || livenessTimeoutMs <= 2 * heartbeatIntervalMs)
        {
            throw new IllegalArgumentException("liveness timeout " + livenessTimeoutMs + " ms must exceed twice " +
                "the heartbeat interval " + heartbeatIntervalMs + " ms (> 0)");
        }
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.livenessTimeoutMs = livenessTimeoutMs;
        return this;
    }

    /**
     * @param connectTimeoutMs how long a peer has to join (send its first frame, counted from this process's start)
     *                         before it fails the job, and how long a send waits for its peer's subscription.
     * @return this.
     */
    public TransportConfig connectTimeoutMs(final long connectTimeoutMs)
    {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    /**
     * @param termLengthBytes the publications' term length, a power of two from 64 KiB to 1 GiB; messages are
     *                        chunked to at most an eighth of it.
     * @return this.
     */
    public TransportConfig termLengthBytes(final int termLengthBytes)
    {
        if (Integer.bitCount(termLengthBytes) != 1 || termLengthBytes < 64 * 1024)
        {
            throw new IllegalArgumentException("term length " + termLengthBytes + " must be a power of two >= 65536");
        }
        this.termLengthBytes = termLengthBytes;
        return this;
    }

    /**
     * @return this process's index.
     */
    public int processIndex()
    {
        return processIndex;
    }

    /**
     * @return processes in the job.
     */
    public int processCount()
    {
        return processCount;
    }

    /**
     * @return the media.
     */
    public Media media()
    {
        return media;
    }

    /**
     * @return the Aeron directory.
     */
    public String aeronDirectory()
    {
        return aeronDirectory;
    }

    /**
     * @return whether this process runs the media driver.
     */
    public boolean launchDriver()
    {
        return launchDriver;
    }

    /**
     * @return UDP endpoints by process.
     */
    public List<String> endpoints()
    {
        return endpoints;
    }

    /**
     * @return the first stream id.
     */
    public int streamIdBase()
    {
        return streamIdBase;
    }

    /**
     * @return the idle strategy's name.
     */
    public String idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @return the heartbeat interval.
     */
    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    /**
     * @return the liveness timeout.
     */
    public long livenessTimeoutMs()
    {
        return livenessTimeoutMs;
    }

    /**
     * @return the connect (join) timeout.
     */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /**
     * @param process a process of the job.
     * @return true when it runs on this machine: always over IPC; over UDP when its endpoint is an address of this
     *         machine.
     */
    public boolean onThisMachine(final int process)
    {
        return process == processIndex || media == Media.IPC || UdpChannels.isOnThisMachine(endpoints.get(process));
    }

    /**
     * @return the term length.
     */
    public int termLengthBytes()
    {
        return termLengthBytes;
    }

    /**
     * @return the MTU for channels, 0 for Aeron's default.
     */
    int mtuBytes()
    {
        return mtuBytes;
    }

    /**
     * @param mtuBytes the channel MTU, a multiple of 32, 0 for Aeron's default.
     * @return this.
     */
    public TransportConfig mtuBytes(final int mtuBytes)
    {
        this.mtuBytes = mtuBytes;
        return this;
    }

    /**
     * @param bulkRingBytes data bytes of each shared-memory ring that carries long messages from one process to
     *                      another on the same machine (IPC), a power of two >= 64 KiB; made on the first long
     *                      message between the two.
     * @return this.
     */
    public TransportConfig bulkRingBytes(final int bulkRingBytes)
    {
        if (Integer.bitCount(bulkRingBytes) != 1 || bulkRingBytes < 64 * 1024)
        {
            throw new IllegalArgumentException("bulk ring size " + bulkRingBytes + " must be a power of two >= 65536");
        }
        this.bulkRingBytes = bulkRingBytes;
        return this;
    }

    /**
     * @return data bytes of each shared-memory ring for long messages.
     */
    public int bulkRingBytes()
    {
        return bulkRingBytes;
    }
}
