package io.wabric.benchmarks.mpi;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One message from rank 1 to rank 0 of an in-JVM {@link MpiWorld}, through {@link PointToPoint} as {@code MPI_Send}
 * and {@code MPI_Recv} use it, on one thread (no waiting, so this is the matching and copying cost, not the wake-up
 * of a blocked rank), against {@link System#arraycopy} of the same bytes, the floor of an in-memory message.
 *
 * <ul>
 *   <li>{@code postedReceive}: the receive is posted first. A message of at most
 *       {@code OneToOneMessageRing.MAX_PAYLOAD_BYTES} goes into the sender's ring to the receiver and is matched
 *       when the receiver polls (two small copies); a larger send copies straight into the receive (one copy).</li>
 *   <li>{@code unexpectedMessage}: the send comes first; a ring-size message waits in the ring and is matched when
 *       the receive is posted (two small copies); a larger eager-size message is copied into the receiver's
 *       mailbox and out again when the receive arrives (two copies); a larger one waits as a reference (one).</li>
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar MessageBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "--add-exports",
    "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MessageBenchmark
{
    static final int TAG = 7;

    @Param({"8", "200", "4096", "65536"})
    int sizeBytes;

    private MpiRank receiver;
    private MpiRank sender;
    private Communicator senderWorld;
    private int contextId;
    private byte[] source;
    private byte[] destination;
    private DataRef sourceRef;
    private DataRef destinationRef;

    /**
     * Creates a two-rank world; both ranks are driven from the benchmark thread.
     */
    @Setup
    public void setup()
    {
        final MpiWorld world = new MpiWorld(2);
        receiver = world.rank(0);
        sender = world.rank(1);
        receiver.thread(Thread.currentThread());
        sender.thread(Thread.currentThread());
        senderWorld = sender.comms().get(MpiRank.COMM_WORLD);
        contextId = senderWorld.contextId();
        source = new byte[sizeBytes];
        destination = new byte[sizeBytes];
        for (int i = 0; i < sizeBytes; i++)
        {
            source[i] = (byte)i;
        }
        sourceRef = DataRef.host(source);
        destinationRef = DataRef.host(destination);
    }

    /**
     * @return the receive's byte count, so the work cannot be dropped.
     */
    @Benchmark
    public int postedReceive()
    {
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, destinationRef);
        final Request send = PointToPoint.isend(sender, senderWorld, contextId, 0, TAG, sourceRef, false);
        receiver.mailbox().poll();
        return complete(receive, send);
    }

    /**
     * @return the receive's byte count.
     */
    @Benchmark
    public int unexpectedMessage()
    {
        final Request send = PointToPoint.isend(sender, senderWorld, contextId, 0, TAG, sourceRef, false);
        final Request receive = PointToPoint.irecv(receiver, contextId, 1, TAG, destinationRef);
        return complete(receive, send);
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

    private int complete(final Request receive, final Request send)
    {
        if (!receive.isComplete() || !send.isComplete())
        {
            throw new IllegalStateException("a single-threaded send/receive pair did not complete: receive " +
                receive.isComplete() + ", send " + send.isComplete());
        }
        final int countBytes = receive.countBytes();
        PointToPoint.release(receiver, receive);
        PointToPoint.release(sender, send);
        return countBytes;
    }
}
