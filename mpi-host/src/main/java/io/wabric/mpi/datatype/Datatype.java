package io.wabric.mpi.datatype;

import java.util.Arrays;

/**
 * One MPI datatype: its type map flattened to contiguous byte blocks, with the bounds that place consecutive
 * elements. Immutable except for {@link #commit()}.
 *
 * <pre>
 *   element i of a buffer at address A occupies, for each block b:
 *     [A + i * extent + blockOffsets[b], ... + blockLengths[b])
 *   packed form: the blocks' bytes back to back, element after element (size bytes per element)
 * </pre>
 */
public final class Datatype
{
    private final String name;
    private final boolean predefined;
    private final int[] blockOffsets;
    private final int[] blockLengths;
    private final int size;
    private final long lb;
    private final long extent;
    private final long trueLb;
    private final long trueExtent;
    private final Primitive primitive;
    private final boolean contiguous;
    private boolean committed;

    Datatype(
        final String name,
        final boolean predefined,
        final int[] blockOffsets,
        final int[] blockLengths,
        final long lb,
        final long extent,
        final Primitive primitive)
    {
        this.name = name;
        this.predefined = predefined;
        this.blockOffsets = blockOffsets;
        this.blockLengths = blockLengths;
        int total = 0;
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (int b = 0; b < blockLengths.length; b++)
        {
            total += blockLengths[b];
            low = Math.min(low, blockOffsets[b]);
            high = Math.max(high, (long)blockOffsets[b] + blockLengths[b]);
        }
        this.size = total;
        this.lb = lb;
        this.extent = extent;
        this.trueLb = blockLengths.length == 0 ? 0 : low;
        this.trueExtent = blockLengths.length == 0 ? 0 : high - low;
        this.primitive = primitive;
        this.contiguous = blockLengths.length <= 1 && (blockLengths.length == 0 || blockOffsets[0] == 0) &&
            extent == size;
        this.committed = predefined;
    }

    /**
     * @return the type's name for messages, e.g. {@code MPI_INT} or {@code vector(3, 1, 4, MPI_INT)}.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return true for the datatypes mpi.h names.
     */
    public boolean predefined()
    {
        return predefined;
    }

    /**
     * @return bytes of data in one element (MPI_Type_size).
     */
    public int size()
    {
        return size;
    }

    /**
     * @return the lower bound.
     */
    public long lb()
    {
        return lb;
    }

    /**
     * @return the distance between consecutive elements.
     */
    public long extent()
    {
        return extent;
    }

    /**
     * @return the lowest byte offset holding data.
     */
    public long trueLb()
    {
        return trueLb;
    }

    /**
     * @return the span from the lowest to the highest byte holding data.
     */
    public long trueExtent()
    {
        return trueExtent;
    }

    /**
     * @return the element type reductions use, or {@code null} when the type mixes element types.
     */
    public Primitive primitive()
    {
        return primitive;
    }

    /**
     * @return true when count elements are exactly count * size bytes from the buffer address on.
     */
    public boolean contiguous()
    {
        return contiguous;
    }

    /**
     * @return whether the type may be used for communication.
     */
    public boolean committed()
    {
        return committed;
    }

    /**
     * Marks the type usable for communication.
     */
    public void commit()
    {
        committed = true;
    }

    int blockCount()
    {
        return blockLengths.length;
    }

    int blockOffset(final int block)
    {
        return blockOffsets[block];
    }

    int blockLength(final int block)
    {
        return blockLengths[block];
    }

    /**
     * @return each contiguous block's byte offset within one element, a copy (the type map, for sending a datatype
     *         to another rank as one-sided operations do).
     */
    public int[] blockOffsets()
    {
        return Arrays.copyOf(blockOffsets, blockOffsets.length);
    }

    /**
     * @return each contiguous block's length in bytes, a copy.
     */
    public int[] blockLengths()
    {
        return Arrays.copyOf(blockLengths, blockLengths.length);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
