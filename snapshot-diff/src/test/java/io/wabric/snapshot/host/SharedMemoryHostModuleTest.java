package io.wabric.snapshot.host;

import io.wabric.core.host.HostModules;
import io.wabric.snapshot.merge.DataType;
import io.wabric.snapshot.merge.MergeOp;
import io.wabric.snapshot.merge.MergeRegion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code __faasm_sm_reduce}'s registration and its registry.
 */
final class SharedMemoryHostModuleTest
{
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
}
