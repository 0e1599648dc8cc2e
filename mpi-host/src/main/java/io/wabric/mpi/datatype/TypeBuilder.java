package io.wabric.mpi.datatype;

import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

import java.util.Arrays;

/**
 * Builds a derived datatype's flattened type map by placing copies of existing types at displacements, merging
 * blocks that touch. Bounds follow MPI: the lowest lower bound and highest upper bound of the placed elements,
 * without alignment padding (as OpenMPI; use MPI_Type_create_resized to pad).
 */
final class TypeBuilder
{
    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int blockCount;
    private long lb = Long.MAX_VALUE;
    private long ub = Long.MIN_VALUE;
    private Primitive primitive;
    private boolean mixed;

    /**
     * Places count elements of a type, one extent apart, from a byte displacement on.
     *
     * @param displacement byte offset of the first element.
     * @param type         the element type.
     * @param count        the number of elements.
     * @return this.
     */
    TypeBuilder place(final long displacement, final Datatype type, final int count)
    {
        if (count <= 0)
        {
            return this;
        }
        lb = Math.min(lb, Math.min(displacement + type.lb(), displacement + type.lb() + (count - 1) * type.extent()));
        ub = Math.max(ub, Math.max(displacement + type.lb() + type.extent(),
            displacement + type.lb() + (long)count * type.extent()));
        if (type.blockCount() > 0)
        {
            if (primitive == null && !mixed)
            {
                primitive = type.primitive();
                mixed = primitive == null;
            }
            else if (primitive != type.primitive())
            {
                primitive = null;
                mixed = true;
            }
        }
        for (int i = 0; i < count; i++)
        {
            final long base = displacement + i * type.extent();
            for (int b = 0; b < type.blockCount(); b++)
            {
                append(base + type.blockOffset(b), type.blockLength(b));
            }
        }
        return this;
    }

    private void append(final long offset, final int length)
    {
        if (offset < Integer.MIN_VALUE || offset + length > Integer.MAX_VALUE)
        {
            throw new MpiException(MpiError.ERR_ARG, "datatype displacement " + offset + " does not fit wasm32's " +
                "4 GiB address space");
        }
        if (length == 0)
        {
            return;
        }
        if (blockCount > 0 && offsets[blockCount - 1] + lengths[blockCount - 1] == offset)
        {
            lengths[blockCount - 1] += length;
            return;
        }
        if (blockCount == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, blockCount * 2);
            lengths = Arrays.copyOf(lengths, blockCount * 2);
        }
        offsets[blockCount] = (int)offset;
        lengths[blockCount] = length;
        blockCount++;
    }

    /**
     * @param name the new type's name.
     * @return the datatype, uncommitted.
     */
    Datatype build(final String name)
    {
        final long lower = lb == Long.MAX_VALUE ? 0 : lb;
        final long upper = ub == Long.MIN_VALUE ? 0 : ub;
        return new Datatype(name, false, Arrays.copyOf(offsets, blockCount), Arrays.copyOf(lengths, blockCount),
            lower, upper - lower, mixed ? null : primitive);
    }
}
