package io.wabric.mpi.datatype;

import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import org.junit.jupiter.api.Test;

import static io.wabric.mpi.datatype.ArrayTypes.DISTRIBUTE_BLOCK;
import static io.wabric.mpi.datatype.ArrayTypes.DISTRIBUTE_CYCLIC;
import static io.wabric.mpi.datatype.ArrayTypes.DISTRIBUTE_DFLT_DARG;
import static io.wabric.mpi.datatype.ArrayTypes.DISTRIBUTE_NONE;
import static io.wabric.mpi.datatype.ArrayTypes.ORDER_C;
import static io.wabric.mpi.datatype.ArrayTypes.ORDER_FORTRAN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Subarray and darray type maps and bounds against MPI-3.1 4.1.3-4.1.4 worked by hand; the differential checks
 * against OpenMPI are tests/mpi/subarrays.c.
 */
final class ArrayTypesTest
{
    private static final Datatype INT = Datatypes.predefined(7);
    private static final Datatype DOUBLE = Datatypes.predefined(14);

    @Test
    void shouldSplitAnArrayOfIntMaxElementsInHalvesWithoutOverflow()
    {
        final Datatype half = ArrayTypes.darray(2, 0, new int[] {Integer.MAX_VALUE}, new int[] {DISTRIBUTE_BLOCK},
            new int[] {DISTRIBUTE_DFLT_DARG}, new int[] {2}, ORDER_C, Datatypes.predefined(4));
        assertEquals(Integer.MAX_VALUE / 2 + 1, half.size());
    }

    @Test
    void shouldRefuseATypeMapTooLargeToHoldAsAnMpiError()
    {
        final Datatype nothing = Datatypes.resized(Datatypes.predefined(4), 0, 0);
        final MpiException ex = assertThrows(MpiException.class, () -> ArrayTypes.subarray(
            new int[] {1 << 20, 1 << 20}, new int[] {1 << 20, 1 << 20}, new int[] {0, 0}, ORDER_C, nothing));
        assertEquals(MpiError.ERR_ARG, ex.error());
    }

    @Test
    void shouldPlaceCOrderSubarrayRowsInsideWholeArrayBounds()
    {
        final Datatype type = ArrayTypes.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 1}, ORDER_C, INT);

        assertArrayEquals(new int[] {24, 44}, type.blockOffsets());
        assertArrayEquals(new int[] {12, 12}, type.blockLengths());
        assertEquals(0, type.lb());
        assertEquals(80, type.extent());
        assertEquals(24, type.trueLb());
        assertEquals(32, type.trueExtent());
        assertEquals(6, type.elementCount());
    }

    @Test
    void shouldVaryFirstIndexFastestInFortranOrder()
    {
        final Datatype type =
            ArrayTypes.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 1}, ORDER_FORTRAN, DOUBLE);

        assertArrayEquals(new int[] {40, 72, 104}, type.blockOffsets());
        assertArrayEquals(new int[] {16, 16, 16}, type.blockLengths());
        assertEquals(160, type.extent());
    }

    @Test
    void shouldKeepWholeArrayExtentWhenSubarrayIsNestedInAnotherType()
    {
        final Datatype piece = ArrayTypes.subarray(new int[] {3}, new int[] {1}, new int[] {2}, ORDER_C, INT);
        final Datatype two = Datatypes.contiguous(2, piece);

        assertArrayEquals(new int[] {8, 20}, two.blockOffsets());
        assertEquals(0, two.lb());
        assertEquals(24, two.extent());
    }

    @Test
    void shouldDealCyclicBlocksWithPartialLastBlock()
    {
        // 10 ints cyclic(3) over 2 processes: rank 0 owns 0-2 and 6-8, rank 1 owns 3-5 and 9
        final Datatype rank1 = ArrayTypes.darray(2, 1, new int[] {10}, new int[] {DISTRIBUTE_CYCLIC},
            new int[] {3}, new int[] {2}, ORDER_C, INT);

        assertArrayEquals(new int[] {12, 36}, rank1.blockOffsets());
        assertArrayEquals(new int[] {12, 4}, rank1.blockLengths());
        assertEquals(0, rank1.lb());
        assertEquals(40, rank1.extent());
    }

    @Test
    void shouldStepWholeRowsForBlockCyclicOverBlockRows()
    {
        // 4x4 C order, rows cyclic(2) over 2, columns block over 2: rank 3 (coords 1,1) owns rows 2-3, columns 2-3
        final Datatype rank3 = ArrayTypes.darray(4, 3, new int[] {4, 4},
            new int[] {DISTRIBUTE_CYCLIC, DISTRIBUTE_BLOCK}, new int[] {2, DISTRIBUTE_DFLT_DARG}, new int[] {2, 2},
            ORDER_C, INT);

        assertArrayEquals(new int[] {40, 56}, rank3.blockOffsets());
        assertArrayEquals(new int[] {8, 8}, rank3.blockLengths());
        assertEquals(64, rank3.extent());
    }

    @Test
    void shouldDescribeNothingForAProcessPastTheLastBlock()
    {
        final Datatype empty = ArrayTypes.darray(4, 3, new int[] {5}, new int[] {DISTRIBUTE_BLOCK},
            new int[] {2}, new int[] {4}, ORDER_C, INT);

        assertEquals(0, empty.size());
        assertEquals(20, empty.extent());
    }

    @Test
    void shouldRejectSubarrayOutsideArrayNamingTheValues()
    {
        final MpiException ex = assertThrows(MpiException.class, () ->
            ArrayTypes.subarray(new int[] {4, 5}, new int[] {2, 3}, new int[] {1, 3}, ORDER_C, INT));

        assertEquals(MpiError.ERR_ARG, ex.error());
        assertEquals("starts[1]=3 must be 0..2 so that the subarray of subsizes[1]=3 fits in sizes[1]=5",
            ex.getMessage());
    }

    @Test
    void shouldRejectProcessGridThatIsNotTheGroupSize()
    {
        final MpiException ex = assertThrows(MpiException.class, () -> ArrayTypes.darray(3, 0, new int[] {8, 6},
            new int[] {DISTRIBUTE_BLOCK, DISTRIBUTE_NONE}, new int[] {DISTRIBUTE_DFLT_DARG, DISTRIBUTE_DFLT_DARG},
            new int[] {2, 1}, ORDER_C, INT));

        assertEquals(MpiError.ERR_ARG, ex.error());
        assertEquals("psizes [2, 1] make a grid of 2 processes, not size=3", ex.getMessage());
    }

    @Test
    void shouldRejectUnknownOrder()
    {
        final MpiException ex = assertThrows(MpiException.class, () ->
            ArrayTypes.subarray(new int[] {4}, new int[] {2}, new int[] {0}, 7, INT));

        assertEquals("order=7 is neither MPI_ORDER_C (0) nor MPI_ORDER_FORTRAN (1)", ex.getMessage());
    }
}
