package io.wabric.benchmarks.mpi;

import io.wabric.benchmarks.BenchmarkGuests;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.mpi.MpiHostModule;
import io.wabric.mpi.world.MpiRank;
import io.wabric.mpi.world.MpiWorld;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blocking collectives of a real MPI guest ({@code benchmarks/mpi/collectives.c}, built at set-up with
 * {@code bin/wabric cc -O2 -mexec-model=reactor}) at two ranks in one JVM, as {@code wabric mpirun -np 2} runs them:
 * rank 0 on the benchmark thread, rank 1 on a partner thread that makes the same export call each time rank 0
 * does. Per collective call, from the guest's {@code MPI_*} call to its return:
 * <ul>
 *   <li>{@code allreduce}: {@code MPI_Allreduce} of {@link #doubles} doubles, {@code MPI_SUM}, distinct buffers;</li>
 *   <li>{@code allreduceInPlace}: the same with {@code MPI_IN_PLACE} and {@code MPI_MAX};</li>
 *   <li>{@code bcast}: {@code MPI_Bcast} from rank 0;</li>
 *   <li>{@code reduce}: {@code MPI_Reduce} to rank 0, {@code MPI_SUM};</li>
 *   <li>{@code barrier}: {@code MPI_Barrier};</li>
 *   <li>{@code pingPong}: a round trip of {@code MPI_Send} and {@code MPI_Recv} (two calls per rank), for
 *   comparison with point-to-point;</li>
 *   <li>{@code baselineHostCall}: {@code MPI_Comm_rank}, a host call that does next to nothing: the fixed price of
 *   entering the host from the guest, which every collective pays too.</li>
 * </ul>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is what the benchmark thread (rank 0) allocates per call,
 * guest-to-host argument passing included: the steady state of a solver that calls a collective every iteration.
 *
 * <pre>
 *   java -Dwabric.home=$PWD -jar benchmarks/target/benchmarks.jar MpiCollectiveBenchmark -prof gc
 * </pre>
 * ({@code -p guestWasm=FILE} uses a module built beforehand instead of calling {@code bin/wabric cc}.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-XX:-DontCompileHugeMethods", "--add-exports",
    "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MpiCollectiveBenchmark
{
    /** Collective calls per export call, so the call into the guest is spread thin. */
    public static final int CALLS = 200;
    private static final long PARTNER_JOIN_MS = 10_000;

    /** Doubles per rank in the reductions and the broadcast (1: 8 B; 1024: 8 KiB). */
    @Param({"1", "1024"})
    public int doubles;

    /** A prebuilt {@code collectives.wasm}; empty to build it with {@code bin/wabric cc} at set-up. */
    @Param("")
    public String guestWasm;

    private MpiWorld world;
    private Faaslet[] faaslets;
    private Guest guest;
    private Thread partner;
    private final AtomicLong requested = new AtomicLong();
    private volatile String requestedExport;
    private volatile boolean stopping;

    @Setup
    public void setUp() throws IOException
    {
        final Path wasm = guestWasm.isEmpty() ?
            BenchmarkGuests.build("benchmarks/mpi/collectives.c", "-O2", "-mexec-model=reactor") : Path.of(guestWasm);
        final GuestModule module = ModuleLoader.withDefaultCache().load(wasm);
        world = new MpiWorld(2);
        world.jobThreads(2);
        final MpiHostModule mpi = new MpiHostModule();
        faaslets = new Faaslet[2];
        for (int r = 0; r < 2; r++)
        {
            final FaasletOptions options = new FaasletOptions()
                .wasi(new WasiConfig()
                    .arguments(List.of("collectives"))
                    .stdio(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), System.err))
                .context(new FaasletContext(new byte[0], OutputStream.nullOutputStream())
                    .attach(MpiRank.class, world.rank(r)));
            options.hostModule(mpi);
            faaslets[r] = Faaslet.create(module, options);
        }
        guest = faaslets[0].guest();
        final Guest partnerGuest = faaslets[1].guest();
        partner = new Thread(() -> partnerLoop(partnerGuest), "wabric-rank-1");
        partner.setDaemon(true);
        world.rank(0).thread(Thread.currentThread());
        world.rank(1).thread(partner);
        partner.start();
        guest.call("_initialize");
        guest.call("init");
    }

    private void partnerLoop(final Guest partnerGuest)
    {
        try
        {
            partnerGuest.call("_initialize");
            partnerGuest.call("init");
            long seen = 0;
            while (true)
            {
                long generation;
                int idle = 0;
                while ((generation = requested.get()) == seen)
                {
                    if (stopping)
                    {
                        return;
                    }
                    if (++idle < 1_000)
                    {
                        Thread.onSpinWait();
                    }
                    else
                    {
                        Thread.yield();
                    }
                }
                seen = generation;
                partnerGuest.call(requestedExport, CALLS, doubles);
            }
        }
        catch (final RuntimeException ex)
        {
            // wakes rank 0 out of its collective with the reason instead of leaving it waiting for a dead partner
            world.fail(1, 1, "rank 1 (the partner thread) failed: " + ex);
            throw ex;
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException
    {
        stopping = true;
        partner.join(PARTNER_JOIN_MS);
        for (final Faaslet faaslet : faaslets)
        {
            faaslet.close();
        }
        if (partner.isAlive())
        {
            throw new IllegalStateException("rank 1 did not finish its last call within " + PARTNER_JOIN_MS + " ms");
        }
    }

    private long both(final String export)
    {
        requestedExport = export;
        requested.incrementAndGet();
        return guest.call(export, CALLS, doubles)[0];
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long allreduce()
    {
        return both("allreduces");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long allreduceInPlace()
    {
        return both("in_place_allreduces");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long bcast()
    {
        return both("bcasts");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long reduce()
    {
        return both("reduces");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long barrier()
    {
        return both("barriers");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long pingPong()
    {
        return both("pingpongs");
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public long baselineHostCall()
    {
        return both("comm_ranks");
    }
}
