package io.wabric.snapshot.file;

import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.snapshot.diff.MemoryDiffer;
import io.wabric.snapshot.host.SharedMemoryHostModule;
import io.wabric.snapshot.memory.CowMemory;
import io.wabric.snapshot.merge.ConflictPolicy;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.DiffMerger;
import io.wabric.snapshot.merge.ForkDiff;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;
import io.wabric.snapshot.wire.DiffEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot, file round trip, fork and merge of a real compiled guest ({@code tests/snapshot/fork_counter.wat},
 * assembled with Debian's {@code wat2wasm} from the wabt package).
 */
final class GuestForkTest
{
    @TempDir
    static Path directory;

    private static GuestModule module;

    @BeforeAll
    static void assemble() throws IOException, InterruptedException
    {
        final Path home = Path.of(System.getProperty("wabric.home", ".."));
        final Path source = home.resolve("tests/snapshot/fork_counter.wat");
        final Path wasm = directory.resolve("fork_counter.wasm");
        final Process process = new ProcessBuilder("wat2wasm", source.toString(), "-o", wasm.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
            "wat2wasm failed (install wabt: scripts/install-toolchain.sh): " + output);
        module = new ModuleLoader(null).load(wasm);
    }

    private static Faaslet instantiate(final FaasletOptions options)
    {
        return Faaslet.create(module, options.hostModule(new SharedMemoryHostModule()));
    }

    @Test
    void shouldForkInitialisedGuestAndMergeReductionAcrossForks()
    {
        final FaasletContext context = new FaasletContext(new byte[0], OutputStream.nullOutputStream());
        final GuestSnapshot initialised;
        try (Faaslet faaslet = instantiate(new FaasletOptions().context(context).memoryFactory(CowMemory::new)))
        {
            assertEquals(Outcome.Kind.EXITED, faaslet.run("init").kind());
            initialised = GuestSnapshot.capture(faaslet.guest(),
                SharedMemoryHostModule.registry(context).regions());
        }
        assertEquals(List.of(new MergeRegion(2048, 8, DataType.LONG, MergeOp.SUM)), initialised.regions());

        final Path file = directory.resolve("guest.snap");
        SnapshotFile.write(initialised, file);
        final GuestSnapshot snapshot = SnapshotFile.read(file);
        snapshot.checkModule(module, file.toString());

        final MemoryDiffer differ = new MemoryDiffer();
        final List<ForkDiff> diffs = new ArrayList<>();
        for (int forkIndex = 0; forkIndex < 3; forkIndex++)
        {
            try (Faaslet fork = instantiate(new FaasletOptions().memoryFactory(snapshot.memoryFactory())))
            {
                final Guest guest = fork.guest();
                snapshot.restoreGlobals(guest);
                assertEquals(998_001, (int)guest.call("square", 999)[0], "table built by init survives the fork");
                assertEquals(1000, (int)guest.call("counter_value")[0], "globals are restored");
                assertEquals("hello", new String(guest.memory().readBytes(1024, 5), StandardCharsets.US_ASCII));
                guest.call("work", 10 + forkIndex);
                final CowMemory memory = (CowMemory)guest.memory();
                assertEquals(2, memory.dirtyPageCount(), "a fork copies only the pages it writes");
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
                final int length = differ.diff(snapshot.memory(), memory, new DiffEncoder().wrap(buffer, 0));
                diffs.add(new ForkDiff(forkIndex, buffer, 0, length));
            }
        }

        try (Faaslet main = instantiate(new FaasletOptions().memoryFactory(snapshot.memoryFactory())))
        {
            snapshot.restoreGlobals(main.guest());
            new DiffMerger(snapshot.regions(), ConflictPolicy.FAIL).merge(snapshot.memory(), diffs, main.guest().memory());
            assertEquals(100 + 10 + 11 + 12, main.guest().memory().readLong(2048), "every fork's addition lands");
            for (int n = 10; n <= 12; n++)
            {
                assertEquals(n, main.guest().memory().readInt(65536 + 4 * n));
            }
        }
    }

    @Test
    void shouldRestoreUsedInstanceToSnapshotInPlace()
    {
        final FaasletContext context = new FaasletContext(new byte[0], OutputStream.nullOutputStream());
        final GuestSnapshot snapshot;
        try (Faaslet faaslet = instantiate(new FaasletOptions().context(context).memoryFactory(CowMemory::new)))
        {
            assertEquals(Outcome.Kind.EXITED, faaslet.run("init").kind());
            snapshot = GuestSnapshot.capture(faaslet.guest(), SharedMemoryHostModule.registry(context).regions());
        }
        try (Faaslet faaslet = instantiate(new FaasletOptions().memoryFactory(snapshot.memoryFactory())))
        {
            final Guest guest = faaslet.guest();
            snapshot.restoreGlobals(guest);
            for (int call = 0; call < 3; call++)
            {
                guest.call("work", 7);
                assertEquals(107, guest.memory().readLong(2048), "call " + call + " starts from the snapshot");
                assertEquals(1007, (int)guest.call("counter_value")[0]);
                assertEquals(2, guest.memory().grow(2));
                guest.memory().writeI32(3 * 65536, 33);
                snapshot.restore(guest);
                assertEquals(2, guest.memory().pages(), "grown memory shrinks back");
                assertEquals(100, guest.memory().readLong(2048));
                assertEquals(1000, (int)guest.call("counter_value")[0]);
                assertEquals(998_001, (int)guest.call("square", 999)[0]);
                assertEquals(0, ((CowMemory)guest.memory()).dirtyPageCount());
            }
        }
        final GuestSnapshot foreign = new GuestSnapshot("sha-256:00", snapshot.memory(), snapshot.globals(), List.of());
        try (Faaslet faaslet = instantiate(new FaasletOptions().memoryFactory(snapshot.memoryFactory())))
        {
            final var ex = org.junit.jupiter.api.Assertions.assertThrows(io.wabric.snapshot.SnapshotException.class,
                () -> foreign.restore(faaslet.guest()));
            assertTrue(ex.getMessage().contains("taken from module sha-256:00"), ex.getMessage());
        }
        try (Faaslet flat = instantiate(new FaasletOptions()))
        {
            final var ex = org.junit.jupiter.api.Assertions.assertThrows(io.wabric.snapshot.SnapshotException.class,
                () -> snapshot.restore(flat.guest()));
            assertTrue(ex.getMessage().contains("FlatMemory"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseSnapshotOfAnotherModule() throws IOException
    {
        final byte[] page = new byte[65536];
        page[100] = 1;
        final GuestSnapshot foreign = new GuestSnapshot("sha256:0000", io.wabric.snapshot.memory.MemorySnapshot
            .copyOf(page, 1), new long[1], List.of());
        final Path file = directory.resolve("foreign.snap");
        SnapshotFile.write(foreign, file);
        final var ex = org.junit.jupiter.api.Assertions.assertThrows(io.wabric.snapshot.SnapshotException.class,
            () -> SnapshotFile.read(file).checkModule(module, "foreign.snap"));
        assertTrue(ex.getMessage().contains("foreign.snap was taken from module sha256:0000 but"), ex.getMessage());
        assertTrue(ex.getMessage().contains(module.digest()), ex.getMessage());

        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        final var corrupt = org.junit.jupiter.api.Assertions.assertThrows(io.wabric.snapshot.SnapshotException.class,
            () -> SnapshotFile.read(file));
        assertTrue(corrupt.getMessage().contains("corrupt or truncated snapshot"), corrupt.getMessage());
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.wabric.snapshot.SnapshotException.class,
            () -> SnapshotFile.read(file)).getMessage().contains("foreign.snap"));
    }
}
