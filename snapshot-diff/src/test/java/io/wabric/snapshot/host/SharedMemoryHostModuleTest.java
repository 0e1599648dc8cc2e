package io.wabric.snapshot.host;

import io.wabric.core.engine.Guest;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.host.HostModules;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code __faasm_sm_reduce}'s registration and its registry, and the host function called by a real guest.
 */
final class SharedMemoryHostModuleTest
{
    /** A guest that forwards its arguments to {@code __faasm_sm_reduce}; one memory page. */
    private static final String DECLARING_GUEST = String.join("\n",
        "(module",
        "  (import \"env\" \"__faasm_sm_reduce\" (func $reduce (param i32 i32 i32 i32)))",
        "  (memory (export \"memory\") 1 1)",
        "  (func (export \"declare\") (param i32 i32 i32 i32)",
        "    (call $reduce (local.get 0) (local.get 1) (local.get 2) (local.get 3))))");

    @TempDir
    Path directory;

    @Test
    void shouldBeFoundByServiceLoader()
    {
        final HostModules modules = HostModules.discover();
        assertNotNull(modules.feature("faasm-shared-memory"));
        assertTrue(modules.allProvidedNames().contains("__faasm_sm_reduce"));
    }

    @Test
    void shouldDeclareRegionOnceAndRefuseOverlapWithOtherType()
    {
        final MergeRegionRegistry registry = new MergeRegionRegistry();
        final MergeRegion sum = new MergeRegion(64, 8, DataType.LONG, MergeOp.SUM);
        registry.declare(sum, false);
        registry.declare(sum, true);
        assertEquals(List.of(sum), registry.regions());
        assertEquals(List.of(sum), registry.currentBatchRegions());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> registry.declare(new MergeRegion(68, 4, DataType.INT, MergeOp.MAX), false));
        assertTrue(ex.getMessage().contains("overlaps"), ex.getMessage());
    }

    @Test
    void shouldRecordGuestDeclarationsAndTrapOnBadOnesNamingTheValues() throws IOException, InterruptedException
    {
        final GuestModule module = assemble(DECLARING_GUEST);
        final FaasletContext context = new FaasletContext(new byte[0], OutputStream.nullOutputStream());
        try (Faaslet faaslet = Faaslet.create(module, new FaasletOptions().context(context)
            .hostModule(new SharedMemoryHostModule())))
        {
            final Guest guest = faaslet.guest();
            guest.call("declare", 2048, 2, 1, 1);      // FAASM_TYPE_LONG, FAASM_OP_SUM, currentBatch
            guest.call("declare", 4096, 4, 4, 0);      // FAASM_TYPE_DOUBLE, FAASM_OP_MAX, next batch
            guest.call("declare", 2048, 2, 1, 0);      // the same again: no-op
            final MergeRegionRegistry registry = SharedMemoryHostModule.registry(context);
            final MergeRegion sum = new MergeRegion(2048, 8, DataType.LONG, MergeOp.SUM);
            final MergeRegion max = new MergeRegion(4096, 8, DataType.DOUBLE, MergeOp.MAX);
            assertEquals(List.of(sum, max), registry.regions());
            assertEquals(List.of(sum), registry.currentBatchRegions());

            assertTrap(guest, "type must be 1..4", 64, 9, 1, 1);
            assertTrap(guest, "type=0", 64, 0, 0, 1);          // RAW cannot be declared by a guest
            assertTrap(guest, "op=7", 64, 1, 7, 1);
            assertTrap(guest, "variable at 65532 of 8 bytes is outside memory of 65536 bytes", 65532, 2, 1, 1);
            assertTrap(guest, "variable at 4294967292 of 4 bytes", -4, 1, 1, 1);
            assertTrap(guest, "overlaps", 2052, 1, 4, 1);     // an int MAX inside the long SUM
            assertEquals(List.of(sum, max), registry.regions(), "a refused declaration records nothing");
        }
    }

    private static void assertTrap(final Guest guest, final String expected, final long... args)
    {
        final RuntimeException ex = assertThrows(RuntimeException.class, () -> guest.call("declare", args));
        assertTrue(String.valueOf(ex.getMessage()).contains(expected), ex.getMessage());
    }

    private GuestModule assemble(final String wat) throws IOException, InterruptedException
    {
        final Path source = directory.resolve("declare.wat");
        final Path wasm = directory.resolve("declare.wasm");
        Files.writeString(source, wat, StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder("wat2wasm", source.toString(), "-o", wasm.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0,
            "wat2wasm failed (install wabt: scripts/install-toolchain.sh): " + output);
        return new ModuleLoader(null).load(wasm);
    }
}
