package io.wabric.mpi.datatype;

import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

import java.util.Arrays;

/**
 * The datatypes that describe one process's piece of a global n-dimensional array: MPI_Type_create_subarray and
 * MPI_Type_create_darray (MPI-3.1 4.1.3 and 4.1.4), as halo exchanges and parallel I/O use them.
 * <p>
 * Both are built as MPICH and OpenMPI build them, from vectors and a resize, so the type map (and the packing order)
 * is the array's element order: C order varies the last index fastest, Fortran order the first. The result has the
 * bounds MPI defines: lower bound 0 and the whole array's extent, so consecutive elements of the type are
 * consecutive whole arrays and the piece sits at its offset within each.
 * <pre>
 *   sizes {4, 5}, subsizes {2, 3}, starts {1, 1}, MPI_ORDER_C, element e:
 *     . . . . .
 *     . x x x .     hvector(2, 1, 5e, contiguous(3)) placed at (1 * 5 + 1) * e,
 *     . x x x .     then resized to lb 0, extent 20e
 *     . . . . .
 * </pre>
 * Part of the guest ABI: the order and distribution constants match {@code guest-sdk/include/mpi.h} (OpenMPI's
 * values).
 */
public final class ArrayTypes
{
    /** MPI_ORDER_C: row-major, the last index varies fastest. */
    public static final int ORDER_C = 0;
    /** MPI_ORDER_FORTRAN: column-major, the first index varies fastest. */
    public static final int ORDER_FORTRAN = 1;
    /** MPI_DISTRIBUTE_BLOCK: one contiguous block of the dimension per process. */
    public static final int DISTRIBUTE_BLOCK = 0;
    /** MPI_DISTRIBUTE_CYCLIC: blocks of darg indices dealt round-robin to the processes. */
    public static final int DISTRIBUTE_CYCLIC = 1;
    /** MPI_DISTRIBUTE_NONE: the dimension is not distributed (its process-grid size must be 1). */
    public static final int DISTRIBUTE_NONE = 2;
    /** MPI_DISTRIBUTE_DFLT_DARG: the default block size, ceil(gsize / psize) for block and 1 for cyclic. */
    public static final int DISTRIBUTE_DFLT_DARG = -1;

    /** The largest extent a wasm32 MPI_Aint (a 32-bit int) holds. */
    private static final long MAX_EXTENT_BYTES = Integer.MAX_VALUE;

    private ArrayTypes()
    {
    }

    /**
     * @param sizes    the global array's size in each dimension.
     * @param subsizes the piece's size in each dimension.
     * @param starts   the piece's first index in each dimension.
     * @param order    {@link #ORDER_C} or {@link #ORDER_FORTRAN}.
     * @param old      the array's element type.
     * @return MPI_Type_create_subarray: the piece's elements in array order, lb 0, extent the whole array's.
     */
    public static Datatype subarray(
        final int[] sizes, final int[] subsizes, final int[] starts, final int order, final Datatype old)
    {
        final int ndims = sizes.length;
        checkOrder(order);
        for (int i = 0; i < ndims; i++)
        {
            if (sizes[i] < 1)
            {
                throw new MpiException(MpiError.ERR_ARG, "sizes[" + i + "]=" + sizes[i] + " must be >= 1");
            }
            if (subsizes[i] < 1 || subsizes[i] > sizes[i])
            {
                throw new MpiException(MpiError.ERR_ARG, "subsizes[" + i + "]=" + subsizes[i] + " must be 1.." +
                    "sizes[" + i + "]=" + sizes[i]);
            }
            if (starts[i] < 0 || starts[i] > sizes[i] - subsizes[i])
            {
                throw new MpiException(MpiError.ERR_ARG, "starts[" + i + "]=" + starts[i] + " must be 0.." +
                    (sizes[i] - subsizes[i]) + " so that the subarray of subsizes[" + i + "]=" + subsizes[i] +
                    " fits in sizes[" + i + "]=" + sizes[i]);
            }
        }
        final String name = "subarray(" + Arrays.toString(sizes) + ", " + Arrays.toString(subsizes) + ", " +
            Arrays.toString(starts) + ", " + orderName(order) + ", " + old + ")";
        Datatype type = old;
        long elements = 1;
        long offset = 0;
        for (final int axis : innermostFirst(ndims, order))
        {
            // one step along this axis skips every element of the axes inside it
            type = Datatypes.hvector(subsizes[axis], 1, elements * old.extent(), type, name);
            offset += starts[axis] * elements;
            elements = arrayElements(elements, sizes[axis], old, name);
        }
        return whole(type, offset * old.extent(), elements * old.extent(), name);
    }

    /**
     * @param size     the processes in the grid (MPI_Comm_size of the group that shares the array).
     * @param rank     the process whose piece to describe.
     * @param gsizes   the global array's size in each dimension.
     * @param distribs how each dimension is distributed: {@link #DISTRIBUTE_BLOCK}, {@link #DISTRIBUTE_CYCLIC} or
     *                 {@link #DISTRIBUTE_NONE}.
     * @param dargs    each dimension's block size, or {@link #DISTRIBUTE_DFLT_DARG}.
     * @param psizes   the process grid's size in each dimension; their product must be size.
     * @param order    {@link #ORDER_C} or {@link #ORDER_FORTRAN} for the array (the process grid is row-major).
     * @param old      the array's element type.
     * @return MPI_Type_create_darray: the process's elements in array order, lb 0, extent the whole array's.
     */
    public static Datatype darray(
        final int size,
        final int rank,
        final int[] gsizes,
        final int[] distribs,
        final int[] dargs,
        final int[] psizes,
        final int order,
        final Datatype old)
    {
        checkDistribution(size, rank, gsizes, distribs, dargs, psizes);
        checkOrder(order);
        final int ndims = gsizes.length;
        final String name = "darray(rank " + rank + " of " + size + ", " + Arrays.toString(gsizes) + ", " +
            Arrays.toString(distribs) + ", " + Arrays.toString(dargs) + ", " + Arrays.toString(psizes) + ", " +
            orderName(order) + ", " + old + ")";
        // the process grid is row-major whatever the array's order (MPI-3.1 4.1.4)
        final int[] coords = new int[ndims];
        int rest = rank;
        int procs = size;
        for (int i = 0; i < ndims; i++)
        {
            procs /= psizes[i];
            coords[i] = rest / procs;
            rest %= procs;
        }
        Datatype type = old;
        long elements = 1;
        long offset = 0;
        for (final int axis : innermostFirst(ndims, order))
        {
            final boolean none = distribs[axis] == DISTRIBUTE_NONE;
            final int nprocs = none ? 1 : psizes[axis];
            final int coord = none ? 0 : coords[axis];
            final long stepBytes = elements * old.extent();
            final long start;
            if (distribs[axis] == DISTRIBUTE_CYCLIC)
            {
                final int block = dargs[axis] == DISTRIBUTE_DFLT_DARG ? 1 : dargs[axis];
                final long first = (long)coord * block;
                final long left = gsizes[axis] - first;
                final long round = (long)nprocs * block;
                final long mine = left <= 0 ? 0 : left / round * block + Math.min(left % round, block);
                type = cyclic((int)(mine / block), block, (int)(mine % block), round * stepBytes, type, name);
                start = mine == 0 ? 0 : first;
            }
            else
            {
                final int block = none || dargs[axis] == DISTRIBUTE_DFLT_DARG ?
                    (int)(((long)gsizes[axis] + nprocs - 1) / nprocs) : dargs[axis];
                final long first = (long)coord * block;
                final int mine = (int)Math.max(0, Math.min(block, gsizes[axis] - first));
                type = Datatypes.hvector(mine, 1, stepBytes, type, name);
                start = mine == 0 ? 0 : first;
            }
            offset += start * elements;
            elements = arrayElements(elements, gsizes[axis], old, name);
            // the slab this axis spans is the element the next axis steps over, whole blocks of them for cyclic
            type = Datatypes.resized(type, 0, elements * old.extent(), name);
        }
        return whole(type, offset * old.extent(), elements * old.extent(), name);
    }

    /**
     * count blocks of block consecutive elements, round bytes apart, then a last partial block of rest elements.
     */
    private static Datatype cyclic(
        final int count, final int block, final int rest, final long roundBytes, final Datatype inner,
        final String name)
    {
        final Datatype blocks = Datatypes.hvector(count, block, roundBytes, inner, name);
        if (rest == 0)
        {
            return blocks;
        }
        return new TypeBuilder().place(0, blocks, 1).place(count * roundBytes, inner, rest).build(name);
    }

    private static Datatype whole(
        final Datatype piece, final long displacementBytes, final long extentBytes, final String name)
    {
        return Datatypes.resized(new TypeBuilder().place(displacementBytes, piece, 1).build(name), 0, extentBytes,
            name);
    }

    private static long arrayElements(final long elements, final int size, final Datatype old, final String name)
    {
        final long product = elements * size;
        final long bytes = product * Math.abs(old.extent());
        if (bytes > MAX_EXTENT_BYTES)
        {
            throw new MpiException(MpiError.ERR_ARG, name + " spans at least " + bytes + " bytes, more than " +
                "wasm32's MPI_Aint holds (" + MAX_EXTENT_BYTES + ")");
        }
        return product;
    }

    private static int[] innermostFirst(final int ndims, final int order)
    {
        final int[] axes = new int[ndims];
        for (int i = 0; i < ndims; i++)
        {
            axes[i] = order == ORDER_C ? ndims - 1 - i : i;
        }
        return axes;
    }

    private static void checkOrder(final int order)
    {
        if (order != ORDER_C && order != ORDER_FORTRAN)
        {
            throw new MpiException(MpiError.ERR_ARG, "order=" + order + " is neither MPI_ORDER_C (" + ORDER_C +
                ") nor MPI_ORDER_FORTRAN (" + ORDER_FORTRAN + ")");
        }
    }

    private static String orderName(final int order)
    {
        return order == ORDER_C ? "C" : "Fortran";
    }

    private static void checkDistribution(
        final int size, final int rank, final int[] gsizes, final int[] distribs, final int[] dargs,
        final int[] psizes)
    {
        if (size < 1 || rank < 0 || rank >= size)
        {
            throw new MpiException(MpiError.ERR_ARG, "rank=" + rank + " size=" + size + ": need size >= 1 and " +
                "0 <= rank < size");
        }
        long product = 1;
        for (int i = 0; i < gsizes.length; i++)
        {
            final String dim = "[" + i + "]";
            if (distribs[i] != DISTRIBUTE_BLOCK && distribs[i] != DISTRIBUTE_CYCLIC && distribs[i] != DISTRIBUTE_NONE)
            {
                throw new MpiException(MpiError.ERR_ARG, "distribs" + dim + "=" + distribs[i] + " is not " +
                    "MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC or MPI_DISTRIBUTE_NONE");
            }
            if (gsizes[i] < 1)
            {
                throw new MpiException(MpiError.ERR_ARG, "gsizes" + dim + "=" + gsizes[i] + " must be >= 1");
            }
            if (psizes[i] < 1)
            {
                throw new MpiException(MpiError.ERR_ARG, "psizes" + dim + "=" + psizes[i] + " must be >= 1");
            }
            if (distribs[i] == DISTRIBUTE_NONE && psizes[i] != 1)
            {
                throw new MpiException(MpiError.ERR_ARG, "psizes" + dim + "=" + psizes[i] + " must be 1 for " +
                    "MPI_DISTRIBUTE_NONE");
            }
            if (distribs[i] != DISTRIBUTE_NONE && dargs[i] != DISTRIBUTE_DFLT_DARG && dargs[i] < 1)
            {
                throw new MpiException(MpiError.ERR_ARG, "dargs" + dim + "=" + dargs[i] + " must be >= 1 or " +
                    "MPI_DISTRIBUTE_DFLT_DARG");
            }
            if (distribs[i] == DISTRIBUTE_BLOCK && dargs[i] != DISTRIBUTE_DFLT_DARG &&
                (long)dargs[i] * psizes[i] < gsizes[i])
            {
                throw new MpiException(MpiError.ERR_ARG, "dargs" + dim + "=" + dargs[i] + " times psizes" + dim +
                    "=" + psizes[i] + " is less than gsizes" + dim + "=" + gsizes[i] + ": the blocks must cover " +
                    "the dimension");
            }
            product = Math.min(product * psizes[i], Integer.MAX_VALUE + 1L);
        }
        if (product != size)
        {
            throw new MpiException(MpiError.ERR_ARG, "psizes " + Arrays.toString(psizes) + " make a grid of " +
                product + " processes, not size=" + size);
        }
    }
}
