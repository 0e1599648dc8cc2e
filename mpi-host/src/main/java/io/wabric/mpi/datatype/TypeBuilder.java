package io.wabric.mpi.datatype;

import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

import java.util.Arrays;

/**
 * Builds a derived datatype's flattened type map by placing copies of existing types at displacements, merging
 * blocks that touch. Bounds follow MPI-3.1 4.1.6 and 4.1.7, as OpenMPI and MPICH compute them: where a placed type
 * has explicit bounds (it is, or holds, an MPI_Type_create_resized type) the lowest lower-bound marker and the
 * highest upper-bound marker; otherwise the lowest and highest bytes of the placed elements, the extent rounded up
 * to a multiple of the largest alignment among their basic types. So a C struct described member by member has
 * its padded {@code sizeof} as its extent, and an array of them is sent whole.
 */
final class TypeBuilder
{
    /**
     * The most contiguous blocks a flattened type map may hold (8 bytes of host memory each: 512 MiB). A guest can
     * describe far more in a few calls (a vector of vectors, a subarray of a zero-extent type), which would exhaust
     * the host rather than fail as an MPI error.
     */
    static final long MAX_BLOCKS = 1L << 26;

    private int[] offsets = new int[8];
    private int[] lengths = new int[8];
    private int blockCount;
    /** Bytes of data placed so far: the new type's size. */
    private long dataBytes;
    private long lb = Long.MAX_VALUE;
    private long ub = Long.MIN_VALUE;
    private long lbMarker = Long.MAX_VALUE;
    private long ubMarker = Long.MIN_VALUE;
    private int alignment = 1;
    private Primitive primitive;
    private boolean mixed;
    private Datatype[] parts = new Datatype[4];
    private int[] partCounts = new int[4];
    private int partCount;

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
        checkGrowth(type, count);
        final long low = Math.min(displacement + type.lb(), displacement + type.lb() + (count - 1) * type.extent());
        final long high = Math.max(displacement + type.lb() + type.extent(),
            displacement + type.lb() + (long)count * type.extent());
        final Datatype.Composition composition = type.composition();
        if (composition.lbMarked())
        {
            lbMarker = Math.min(lbMarker, low);
        }
        else
        {
            lb = Math.min(lb, low);
        }
        if (composition.ubMarked())
        {
            ubMarker = Math.max(ubMarker, high);
        }
        else
        {
            ub = Math.max(ub, high);
        }
        alignment = Math.max(alignment, composition.alignment());
        addPart(type, count);
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

    private void checkGrowth(final Datatype type, final int count)
    {
        final long blocks = blockCount + (long)count * type.blockCount();
        final long bytes = dataBytes + (long)count * type.size();
        if (blocks > MAX_BLOCKS || bytes > Integer.MAX_VALUE)
        {
            throw new MpiException(MpiError.ERR_ARG, "datatype of " + count + " x " + type + " would hold " + bytes +
                " bytes in " + blocks + " blocks; a datatype holds at most " + Integer.MAX_VALUE + " bytes (its " +
                "MPI_Type_size is an int) in " + MAX_BLOCKS + " blocks");
        }
    }

    private void addPart(final Datatype type, final int count)
    {
        if (partCount > 0 && parts[partCount - 1] == type)
        {
            // consecutive copies of one type pack as one run: a vector of a million blocks keeps one part
            partCounts[partCount - 1] = Math.addExact(partCounts[partCount - 1], count);
            return;
        }
        if (partCount == parts.length)
        {
            parts = Arrays.copyOf(parts, partCount * 2);
            partCounts = Arrays.copyOf(partCounts, partCount * 2);
        }
        parts[partCount] = type;
        partCounts[partCount] = count;
        partCount++;
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
        dataBytes += length;
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
        final boolean lbMarked = lbMarker != Long.MAX_VALUE;
        final boolean ubMarked = ubMarker != Long.MIN_VALUE;
        final long lower = lbMarked ? lbMarker : lb == Long.MAX_VALUE ? 0 : lb;
        long upper = ubMarked ? ubMarker : ub == Long.MIN_VALUE ? 0 : ub;
        if (!ubMarked && upper > lower)
        {
            upper += (alignment - (upper - lower) % alignment) % alignment;
        }
        return new Datatype(name, false, Arrays.copyOf(offsets, blockCount), Arrays.copyOf(lengths, blockCount),
            lower, upper - lower, mixed ? null : primitive, new Datatype.Composition(alignment, lbMarked, ubMarked,
            Arrays.copyOf(parts, partCount), Arrays.copyOf(partCounts, partCount)));
    }
}
