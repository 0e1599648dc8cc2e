package io.wabric.benchmarks.openmp;

import io.wabric.benchmarks.BenchmarkGuests;
import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.openmp.OpenMpSettings;
import io.wabric.openmp.fork.ForkMode;
import io.wabric.snapshot.memory.TrackedMemory;
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
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/**
 * The OpenMP runtime's fork/join, barrier and reduction on a real OpenMP guest ({@code benchmarks/openmp/forkjoin.c},
 * built at set-up with {@code bin/wabric cc -fopenmp -O2 -mexec-model=reactor}), per construct:
 * <ul>
 *   <li>{@code parallelRegion}: an empty {@code #pragma omp parallel} (fork, the body on every thread, join);</li>
 *   <li>{@code barrier}: an explicit barrier inside one region (the region's own cost spread over
 *   {@link #BARRIERS} barriers);</li>
 *   <li>{@code reduction}: a parallel region with {@code reduction(+:total)};</li>
 *   <li>{@code baselineSerialCall}: the region's body called directly, without a region, from the same export
 *   loop (what the guest pays without OpenMP);</li>
 *   <li>{@code baselineHostCall}: a call from the guest to a trivial OpenMP host function
 *   ({@code omp_get_thread_num}), the fixed price of every runtime entry (a barrier is one such call);</li>
 *   <li>{@code baselineJavaForkJoin}: the same hand-off in plain Java: a {@link ForkJoinPool} of the team's size
 *   running one empty task per thread and joining them.</li>
 * </ul>
 * {@code -p mode=fork} runs the guest's regions in fork mode ({@code --omp=fork}). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the allocation per construct.
 *
 * <pre>
 *   java -Dwabric.home=$PWD -jar benchmarks/target/benchmarks.jar OpenMpForkJoinBenchmark -prof gc
 * </pre>
 * ({@code -p guestWasm=FILE} uses a module built beforehand instead of calling {@code bin/wabric cc}.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// -XX:-DontCompileHugeMethods as bin/wabric runs guests: compiled guest functions above 8,000 bytes of bytecode
// are otherwise never JIT-compiled
@Fork(value = 1, jvmArgsAppend = {"-Xss64m", "-XX:+UseParallelGC", "-XX:-DontCompileHugeMethods", "--add-exports",
    "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenMpForkJoinBenchmark
{
    /** Regions (or body calls) per export call, so the call into the guest is spread thin. */
    public static final int REGIONS = 100;
    /** Barriers per export call: one region holds them all. */
    public static final int BARRIERS = 1_000;

    /** Team size. */
    @Param("2")
    public int threads;

    /** {@code shared} (the default OpenMP mode) or {@code fork}. */
    @Param({"shared"})
    public String mode;

    /** A prebuilt {@code forkjoin.wasm}; empty to build it with {@code bin/wabric cc} at set-up. */
    @Param("")
    public String guestWasm;

    private Faaslet faaslet;
    private Guest guest;
    private ForkJoinPool pool;

    @Setup
    public void setUp() throws IOException
    {
        final Path wasm = guestWasm.isEmpty() ?
            BenchmarkGuests.build("benchmarks/openmp/forkjoin.c", "-fopenmp", "-O2", "-mexec-model=reactor") :
            Path.of(guestWasm);
        final GuestModule module = ModuleLoader.withDefaultCache().load(wasm);
        final FaasletOptions options = new FaasletOptions()
            .wasi(new WasiConfig()
                .arguments(List.of("forkjoin"))
                .stdio(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), System.err))
            .context(new FaasletContext(new byte[0], OutputStream.nullOutputStream()));
        final HostModule openMp = HostModules.discover().feature("openmp");
        if (openMp == null)
        {
            throw new IllegalStateException("the openmp host module is not on the class path");
        }
        options.hostModule(openMp);
        options.context().attach(OpenMpSettings.class, OpenMpSettings.fromEnvironment(Map.of()).threads(threads));
        if ("fork".equals(mode))
        {
            options.context().attach(ForkMode.class, ForkMode.fromEnvironment(Map.of(), System.err));
            options.memoryFactory(TrackedMemory::new);
        }
        else if (!"shared".equals(mode))
        {
            throw new IllegalArgumentException("-p mode=" + mode + ": expected shared or fork");
        }
        faaslet = Faaslet.create(module, options);
        guest = faaslet.guest();
        guest.call("_initialize");
        final long size = guest.call("team_size")[0];
        if (size != threads)
        {
            throw new IllegalStateException("expected a team of " + threads + " threads, the guest saw " + size);
        }
        pool = new ForkJoinPool(threads);
    }

    @TearDown
    public void tearDown()
    {
        pool.shutdown();
        faaslet.close();
    }

    @Benchmark
    @OperationsPerInvocation(REGIONS)
    public long parallelRegion()
    {
        return guest.call("parallel_regions", REGIONS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(BARRIERS)
    public long barrier()
    {
        return guest.call("barriers", BARRIERS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(REGIONS)
    public long reduction()
    {
        return guest.call("reductions", REGIONS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(REGIONS)
    public long baselineSerialCall()
    {
        return guest.call("serial_calls", REGIONS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(BARRIERS)
    public long baselineHostCall()
    {
        return guest.call("host_calls", BARRIERS)[0];
    }

    @Benchmark
    @OperationsPerInvocation(REGIONS)
    public void baselineJavaForkJoin()
    {
        for (int i = 0; i < REGIONS; i++)
        {
            pool.invoke(new EmptyTeam(threads));
        }
    }

    /**
     * One empty task per team thread: forks {@code size - 1} empty tasks, runs one itself, joins them.
     */
    static final class EmptyTeam extends RecursiveAction
    {
        private static final long serialVersionUID = 1L;
        private final int size;

        EmptyTeam(final int size)
        {
            this.size = size;
        }

        @Override
        protected void compute()
        {
            if (size > 1)
            {
                final EmptyTeam[] others = new EmptyTeam[size - 1];
                for (int i = 0; i < others.length; i++)
                {
                    others[i] = new EmptyTeam(1);
                    others[i].fork();
                }
                for (final EmptyTeam other : others)
                {
                    other.join();
                }
            }
        }
    }
}
