package io.wabric.benchmarks.mpi;

import io.aeron.driver.MediaDriver;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import io.wabric.transport.FrameHandler;
import io.wabric.transport.FrameHeader;
import io.wabric.transport.TransportConfig;
import io.wabric.transport.TransportNode;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One message from process 0 to process 1 of a job over Aeron IPC, both {@link TransportNode}s in this JVM sharing
 * one embedded media driver (as {@code wabric mpirun --processes 2} runs them, but without the second JVM): the
 * benchmark thread sends a DATA frame (header plus payload offered straight from a byte array into the log) and
 * then polls process 1's subscription until the frame has been handled, i.e. copied into a receive array (what
 * {@code PointToPoint.deliverRemote} does for a posted receive). Process 1's receiver thread polls too (backoff
 * idle strategy), so either thread may handle it. Against, in the same class:
 *
 * <ul>
 *   <li>{@code baselineArraycopy}: {@link System#arraycopy} of the same bytes, the floor;</li>
 *   <li>{@code baselineInJvmMessage}: the same message between two ranks of one JVM through {@link PointToPoint}
 *       with the receive posted first (through the pair's ring up to {@code OneToOneMessageRing.MAX_PAYLOAD_BYTES},
 *       else one copy), the path of {@code wabric mpirun} without {@code --processes}.</li>
 * </ul>
 *
 * <p>65536 B and 1 MiB exceed one IPC frame (MTU 65504 less headers), so they go through the shared-memory ring
 * between the two processes (header frame on Aeron, bytes through the ring) and are reassembled at the receiver,
 * into an array the transport reuses once the handler has copied the message out (this handler names no
 * {@code ChunkSink}).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AeronMessageBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AeronMessageBenchmark
{
    static final int TAG = 7;
    static final int TERM_LENGTH_BYTES = 8 * 1024 * 1024;

    @Param({"8", "4096", "65536", "1048576"})
    int sizeBytes;

    private MediaDriver driver;
    private TransportNode sender;
    private TransportNode receiver;
    private Receipts receipts;
    private byte[] source;
    private byte[] destination;

    private MpiRank rank0;
    private MpiRank rank1;
    private Communicator rank1World;
    private int contextId;
    private DataRef sourceRef;
    private DataRef destinationRef;

    /**
     * Launches the driver and connects both nodes, then waits until process 0's publication is connected.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        source = new byte[sizeBytes];
        destination = new byte[sizeBytes];
        for (int i = 0; i < sizeBytes; i++)
        {
            source[i] = (byte)i;
        }
        final String dir = "/dev/shm/wabric-jmh-" + ProcessHandle.current().pid();
        driver = TransportNode.launchDriver(dir, "backoff");
        receipts = new Receipts(destination);
        receiver = new TransportNode(new TransportConfig(1, 2).aeronDirectory(dir).termLengthBytes(TERM_LENGTH_BYTES),
            receipts).start();
        sender = new TransportNode(new TransportConfig(0, 2).aeronDirectory(dir).termLengthBytes(TERM_LENGTH_BYTES),
            new Receipts(new byte[0])).start();
        ipcMessage();

        final MpiWorld world = new MpiWorld(2);
        rank0 = world.rank(0);
        rank1 = world.rank(1);
        rank0.thread(Thread.currentThread());
        rank1.thread(Thread.currentThread());
        rank1World = rank1.comms().get(MpiRank.COMM_WORLD);
        contextId = rank1World.contextId();
        sourceRef = DataRef.host(source);
        destinationRef = DataRef.host(destination);
    }

    /**
     * Closes both nodes and the driver.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        sender.close();
        receiver.close();
        driver.close();
    }

    /**
     * @return the frames handled so far.
     */
    @Benchmark
    public long ipcMessage()
    {
        final long before = receipts.handled;
        sender.send(1, FrameHeader.TYPE_DATA, (byte)0, 0, 0, 1, TAG, sender.nextSequence(), 0, source, 0,
            sizeBytes);
        long handled;
        while ((handled = receipts.handled) == before)
        {
            if (receiver.poll() == 0)
            {
                Thread.onSpinWait();
            }
        }
        return handled;
    }

    /**
     * @return a byte of the copy.
     */
    @Benchmark
    public byte baselineArraycopy()
    {
        System.arraycopy(source, 0, destination, 0, sizeBytes);
        return destination[sizeBytes - 1];
    }

    /**
     * @return the receive's byte count.
     */
    @Benchmark
    public int baselineInJvmMessage()
    {
        final Request receive = PointToPoint.irecv(rank0, contextId, 1, TAG, destinationRef);
        final Request send = PointToPoint.isend(rank1, rank1World, contextId, 0, TAG, sourceRef, false);
        rank0.mailbox().poll();
        final int countBytes = receive.countBytes();
        PointToPoint.release(rank0, receive);
        PointToPoint.release(rank1, send);
        return countBytes;
    }

    /**
     * Copies each DATA frame into the receive array and counts it; heartbeats never reach a handler.
     */
    static final class Receipts implements FrameHandler
    {
        private final byte[] into;
        volatile long handled;

        Receipts(final byte[] into)
        {
            this.into = into;
        }

        @Override
        public boolean onFrame(final FrameHeader header, final DirectBuffer buffer, final int payloadOffset,
            final int payloadLength, final boolean owned)
        {
            buffer.getBytes(payloadOffset, into, 0, Math.min(payloadLength, into.length));
            handled++;
            return false;
        }

        @Override
        public void onTransportFailure(final int process, final String message)
        {
            throw new IllegalStateException("transport failed in the benchmark: process " + process + ": " + message);
        }
    }
}
