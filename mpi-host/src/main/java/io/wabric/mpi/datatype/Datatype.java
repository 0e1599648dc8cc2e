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
    private final Composition composition;
    private final long elementCount;
    private boolean committed;

    Datatype(
        final String name,
        final boolean predefined,
        final int[] blockOffsets,
        final int[] blockLengths,
        final long lb,
        final long extent,
        final Primitive primitive,
        final Composition composition)
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
        this.composition = composition;
        long elements = composition.parts().length == 0 ? 1 : 0;
        for (int i = 0; i < composition.parts().length; i++)
        {
            elements += composition.partCounts()[i] * composition.parts()[i].elementCount;
        }
        this.elementCount = elements;
        this.committed = predefined;
    }

    /**
     * What a type was made of, for the bounds of types built from it and for counting basic elements.
     *
     * @param alignment  the largest alignment, in bytes, of the basic types in it (wasm32's C alignment: 8 for
     *                   double, 4 for float _Complex, 16 for long double ...): MPI rounds the extent of a type
     *                   without explicit bounds up to a multiple of it, so an array of a C struct described with
     *                   MPI_Type_create_struct and no resize has the struct's padded size as its extent.
     * @param lbMarked   whether the type map holds an explicit lower bound (MPI_Type_create_resized, directly or
     *                   in a part): then the lower bound is the lowest such marker.
     * @param ubMarked   the same for the upper bound: the highest marker, and no alignment padding.
     * @param parts      the types placed, in type-map (packing) order; empty for a basic type.
     * @param partCounts how many consecutive copies of each part.
     */
    record Composition(int alignment, boolean lbMarked, boolean ubMarked, Datatype[] parts, int[] partCounts)
    {
        private static final Datatype[] NO_PARTS = new Datatype[0];
        private static final int[] NO_COUNTS = new int[0];

        /**
         * @param alignment the basic type's alignment.
         * @return the composition of a predefined type: one basic element.
         */
        static Composition basic(final int alignment)
        {
            return new Composition(alignment, false, false, NO_PARTS, NO_COUNTS);
        }
    }

    Composition composition()
    {
        return composition;
    }

    /**
     * @return the basic elements in one element of this type (a predefined type, pair types included, is one).
     */
    public long elementCount()
    {
        return elementCount;
    }

    /**
     * MPI_Get_elements: how many basic elements some packed bytes of this type hold.
     *
     * @param bytes bytes received, in packed form.
     * @return the number of basic elements, or -1 when the bytes end inside a basic element.
     */
    public long elementsIn(final long bytes)
    {
        if (size == 0)
        {
            return 0;
        }
        final long whole = bytes / size;
        final long rest = bytes % size;
        if (rest == 0)
        {
            return whole * elementCount;
        }
        final Datatype[] parts = composition.parts();
        long elements = whole * elementCount;
        long left = rest;
        for (int i = 0; i < parts.length; i++)
        {
            final long partBytes = (long)composition.partCounts()[i] * parts[i].size;
            if (left < partBytes)
            {
                final long inPart = parts[i].elementsIn(left);
                return inPart < 0 ? -1 : elements + inPart;
            }
            elements += composition.partCounts()[i] * parts[i].elementCount;
            left -= partBytes;
        }
        return -1;
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
