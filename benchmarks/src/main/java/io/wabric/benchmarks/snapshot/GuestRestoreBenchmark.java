package io.wabric.benchmarks.snapshot;

import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestLinker;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.engine.WasiEnvironment;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.snapshot.file.GuestSnapshot;
import io.wabric.snapshot.file.SnapshotFile;
import io.wabric.snapshot.memory.CowMemory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ready instance of a real, compiled C guest from a pre-initialised snapshot (the {@code wabric snapshot create}
 * file): its WASI imports linked, memory forked from the snapshot's pages, every global restored. Nothing of the
 * guest runs. Goal (issue 3): at most 0.5 ms and 0.3 MiB of heap (read {@code gc.alloc.rate.norm} with
 * {@code -prof gc}); the instance writes no page until the guest runs.
 *
 * <pre>
 *   bin/wabric cc -O2 tests/snapshot/costly_init.c -o /tmp/costly_init.wasm
 *   bin/wabric snapshot create /tmp/costly_init.wasm --init init -o /tmp/costly_init.snap
 *   java -jar benchmarks/target/benchmarks.jar GuestRestoreBenchmark -prof gc \
 *       -p guestWasm=/tmp/costly_init.wasm -p snapshotFile=/tmp/costly_init.snap
 * </pre>
 *
 * <ul>
 *   <li>{@code instanceFromSnapshot}: {@link GuestLinker} over the compiled module with WASI and the serverless host
 *   functions, memory a {@link CowMemory} fork of the snapshot, globals restored.</li>
 *   <li>{@code faasletFromSnapshot}: the same through {@link Faaslet#create} and closed again, exactly as
 *   {@code wabric run --snapshot} starts a guest (host-module discovery included).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// -XX:-DontCompileHugeMethods as bin/wabric runs guests: compiled guest functions above 8,000 bytes of bytecode
// are otherwise never JIT-compiled
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:+UseParallelGC", "-XX:-DontCompileHugeMethods", "--add-exports",
    "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuestRestoreBenchmark
{
    /** The guest module, a WASI command built with {@code wabric cc}. */
    @Param("")
    public String guestWasm;

    /** A snapshot of that module written by {@code wabric snapshot create}. */
    @Param("")
    public String snapshotFile;

    private GuestModule module;
    private GuestSnapshot snapshot;
    private WasiConfig wasiConfig;
    private WasiEnvironment wasi;
    private List<HostFunctionDef> hostFunctions;

    @Setup
    public void setUp()
    {
        if (guestWasm.isEmpty() || snapshotFile.isEmpty())
        {
            throw new IllegalStateException("GuestRestoreBenchmark needs -p guestWasm=FILE.wasm -p snapshotFile=" +
                "FILE.snap: build them with `bin/wabric cc -O2 tests/snapshot/costly_init.c -o FILE.wasm` and " +
                "`bin/wabric snapshot create FILE.wasm --init init -o FILE.snap`");
        }
        module = ModuleLoader.withDefaultCache().load(Path.of(guestWasm));
        snapshot = SnapshotFile.read(Path.of(snapshotFile));
        snapshot.checkModule(module, snapshotFile);
        wasiConfig = new WasiConfig()
            .arguments(List.of("guest"))
            .stdio(new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        wasi = new WasiEnvironment(wasiConfig);
        final FaasletContext context = new FaasletContext(new byte[0], OutputStream.nullOutputStream());
        hostFunctions = new ArrayList<>();
        for (final HostModule hostModule : serverlessModules())
        {
            hostFunctions.addAll(hostModule.bind(context));
        }
        final Guest guest = instanceFromSnapshot();
        if (guest.globalCount() != snapshot.globals().length || guest.memory().pages() != snapshot.memory().pageCount())
        {
            throw new IllegalStateException("the instance does not reproduce the snapshot");
        }
        final int dirtyPages = ((CowMemory)guest.memory()).dirtyPageCount();
        if (dirtyPages != 0)
        {
            throw new IllegalStateException("instantiation wrote " + dirtyPages + " pages: the heap figure would " +
                "include page copies");
        }
        faasletFromSnapshot();
    }

    @TearDown
    public void tearDown()
    {
        wasi.close();
    }

    private static List<HostModule> serverlessModules()
    {
        final HostModules modules = HostModules.discover();
        final List<HostModule> found = new ArrayList<>();
        for (final String feature : List.of("faasm", "faasm-shared-memory"))
        {
            final HostModule hostModule = modules.feature(feature);
            if (hostModule != null)
            {
                found.add(hostModule);
            }
        }
        return found;
    }

    @Benchmark
    public Guest instanceFromSnapshot()
    {
        final Guest guest = GuestLinker.of(module)
            .wasi(wasi)
            .hostFunctions(hostFunctions)
            .memoryFactory(limits -> CowMemory.fork(snapshot.memory()))
            .instantiate();
        snapshot.restoreGlobals(guest);
        return guest;
    }

    @Benchmark
    public Guest faasletFromSnapshot()
    {
        final FaasletOptions options = new FaasletOptions()
            .wasi(wasiConfig)
            .context(new FaasletContext(new byte[0], OutputStream.nullOutputStream()))
            .memoryFactory(snapshot.memoryFactory());
        for (final HostModule hostModule : serverlessModules())
        {
            options.hostModule(hostModule);
        }
        try (Faaslet faaslet = Faaslet.create(module, options))
        {
            snapshot.restoreGlobals(faaslet.guest());
            return faaslet.guest();
        }
    }
}
