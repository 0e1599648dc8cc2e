package io.wabric.mpi.datatype;

import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

/**
 * The predefined datatypes under their mpi.h handles, and the constructors of derived ones. Part of the guest ABI:
 * the handle numbers match {@code guest-sdk/include/mpi.h}.
 */
public final class Datatypes
{
    /** Handles below this are predefined; derived types get handles from here on. */
    public static final int FIRST_DERIVED_HANDLE = 64;

    private static final Datatype[] PREDEFINED = new Datatype[FIRST_DERIVED_HANDLE];

    static
    {
        basic(1, "MPI_CHAR", 1, Primitive.INT8);
        basic(2, "MPI_SIGNED_CHAR", 1, Primitive.INT8);
        basic(3, "MPI_UNSIGNED_CHAR", 1, Primitive.UINT8);
        basic(4, "MPI_BYTE", 1, Primitive.OPAQUE);
        basic(5, "MPI_SHORT", 2, Primitive.INT16);
        basic(6, "MPI_UNSIGNED_SHORT", 2, Primitive.UINT16);
        basic(7, "MPI_INT", 4, Primitive.INT32);
        basic(8, "MPI_UNSIGNED", 4, Primitive.UINT32);
        basic(9, "MPI_LONG", 4, Primitive.INT32);
        basic(10, "MPI_UNSIGNED_LONG", 4, Primitive.UINT32);
        basic(11, "MPI_LONG_LONG_INT", 8, Primitive.INT64);
        basic(12, "MPI_UNSIGNED_LONG_LONG", 8, Primitive.UINT64);
        basic(13, "MPI_FLOAT", 4, Primitive.FLOAT32);
        basic(14, "MPI_DOUBLE", 8, Primitive.FLOAT64);
        basic(15, "MPI_LONG_DOUBLE", 16, Primitive.FLOAT128);
        basic(16, "MPI_WCHAR", 4, Primitive.INT32);
        basic(17, "MPI_C_BOOL", 1, Primitive.BOOL);
        basic(18, "MPI_INT8_T", 1, Primitive.INT8);
        basic(19, "MPI_INT16_T", 2, Primitive.INT16);
        basic(20, "MPI_INT32_T", 4, Primitive.INT32);
        basic(21, "MPI_INT64_T", 8, Primitive.INT64);
        basic(22, "MPI_UINT8_T", 1, Primitive.UINT8);
        basic(23, "MPI_UINT16_T", 2, Primitive.UINT16);
        basic(24, "MPI_UINT32_T", 4, Primitive.UINT32);
        basic(25, "MPI_UINT64_T", 8, Primitive.UINT64);
        basic(26, "MPI_AINT", 4, Primitive.INT32);
        basic(27, "MPI_OFFSET", 8, Primitive.INT64);
        basic(28, "MPI_COUNT", 8, Primitive.INT64);
        basic(29, "MPI_PACKED", 1, Primitive.OPAQUE);
        basic(30, "MPI_C_FLOAT_COMPLEX", 8, Primitive.COMPLEX64);
        basic(31, "MPI_C_DOUBLE_COMPLEX", 16, Primitive.COMPLEX128);
        pair(32, "MPI_FLOAT_INT", 4, 4, 8, Primitive.FLOAT_INT);
        pair(33, "MPI_DOUBLE_INT", 8, 8, 16, Primitive.DOUBLE_INT);
        pair(34, "MPI_LONG_INT", 4, 4, 8, Primitive.LONG_INT);
        pair(35, "MPI_2INT", 4, 4, 8, Primitive.INT_INT);
        pair(36, "MPI_SHORT_INT", 2, 4, 8, Primitive.SHORT_INT);
        pair(37, "MPI_LONG_DOUBLE_INT", 16, 16, 32, Primitive.LONG_DOUBLE_INT);
    }

    private Datatypes()
    {
    }

    private static void basic(final int handle, final String name, final int bytes, final Primitive primitive)
    {
        // wasm32 C alignment: a complex number aligns as its parts, everything else as its size
        final int alignment = primitive.kind() == Primitive.Kind.COMPLEX ? bytes / 2 : bytes;
        PREDEFINED[handle] = new Datatype(name, true, new int[] {0}, new int[] {bytes}, 0, bytes, primitive,
            Datatype.Composition.basic(alignment));
    }

    private static void pair(
        final int handle,
        final String name,
        final int valueBytes,
        final int indexOffset,
        final int extent,
        final Primitive primitive)
    {
        final int[] offsets = indexOffset == valueBytes ? new int[] {0} : new int[] {0, indexOffset};
        final int[] lengths = indexOffset == valueBytes ? new int[] {valueBytes + 4} : new int[] {valueBytes, 4};
        PREDEFINED[handle] = new Datatype(name, true, offsets, lengths, 0, extent, primitive,
            Datatype.Composition.basic(Math.max(valueBytes, Integer.BYTES)));
    }

    /**
     * @param handle a handle below {@link #FIRST_DERIVED_HANDLE}.
     * @return the predefined type, or {@code null} when none has this handle.
     */
    public static Datatype predefined(final int handle)
    {
        return handle > 0 && handle < FIRST_DERIVED_HANDLE ? PREDEFINED[handle] : null;
    }

    /**
     * @param count elements.
     * @param old   element type.
     * @return MPI_Type_contiguous.
     */
    public static Datatype contiguous(final int count, final Datatype old)
    {
        checkCount("MPI_Type_contiguous", "count", count);
        return new TypeBuilder().place(0, old, count).build("contiguous(" + count + ", " + old + ")");
    }

    /**
     * @param count       blocks.
     * @param blockLength elements per block.
     * @param strideBytes bytes between block starts.
     * @param old         element type.
     * @param name        for messages.
     * @return MPI_Type_create_hvector (and MPI_Type_vector with the stride scaled by the extent).
     */
    public static Datatype hvector(
        final int count, final int blockLength, final long strideBytes, final Datatype old, final String name)
    {
        checkCount(name, "count", count);
        checkCount(name, "blocklength", blockLength);
        final TypeBuilder builder = new TypeBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.place(i * strideBytes, old, blockLength);
        }
        return builder.build(name);
    }

    /**
     * @param blockLengths       elements per block.
     * @param displacementsBytes byte displacement of each block.
     * @param old                element type.
     * @param name               for messages.
     * @return MPI_Type_create_hindexed (indexed and indexed_block scale displacements by the extent first).
     */
    public static Datatype hindexed(
        final int[] blockLengths, final long[] displacementsBytes, final Datatype old, final String name)
    {
        final TypeBuilder builder = new TypeBuilder();
        for (int i = 0; i < blockLengths.length; i++)
        {
            checkCount(name, "blocklengths[" + i + "]", blockLengths[i]);
            builder.place(displacementsBytes[i], old, blockLengths[i]);
        }
        return builder.build(name);
    }

    /**
     * @param blockLengths       elements per block.
     * @param displacementsBytes byte displacement of each block.
     * @param types              element type of each block.
     * @return MPI_Type_create_struct.
     */
    public static Datatype struct(final int[] blockLengths, final long[] displacementsBytes, final Datatype[] types)
    {
        final TypeBuilder builder = new TypeBuilder();
        final StringBuilder name = new StringBuilder("struct(");
        for (int i = 0; i < blockLengths.length; i++)
        {
            checkCount("MPI_Type_create_struct", "blocklengths[" + i + "]", blockLengths[i]);
            builder.place(displacementsBytes[i], types[i], blockLengths[i]);
            name.append(i == 0 ? "" : ", ").append(blockLengths[i]).append('x').append(types[i]).append('@')
                .append(displacementsBytes[i]);
        }
        return builder.build(name.append(')').toString());
    }

    /**
     * @param old    the type.
     * @param lb     new lower bound.
     * @param extent new extent.
     * @return MPI_Type_create_resized.
     */
    public static Datatype resized(final Datatype old, final long lb, final long extent)
    {
        return resized(old, lb, extent, "resized(" + old + ", " + lb + ", " + extent + ")");
    }

    /**
     * Gives a type explicit bounds, as subarray and darray types end with (their lb is 0, their extent the whole
     * array's), so types built from them take these bounds rather than the data's.
     *
     * @param old    the type.
     * @param lb     new lower bound.
     * @param extent new extent.
     * @param name   for messages.
     * @return old's type map with lower- and upper-bound markers at lb and lb + extent.
     */
    static Datatype resized(final Datatype old, final long lb, final long extent, final String name)
    {
        return new Datatype(name, false, old.blockOffsets(), old.blockLengths(), lb, extent, old.primitive(),
            new Datatype.Composition(old.composition().alignment(), true, true, new Datatype[] {old}, new int[] {1}));
    }

    /**
     * @param old the type.
     * @return MPI_Type_dup: the same type map, committed if the original was.
     */
    public static Datatype dup(final Datatype old)
    {
        final Datatype copy = new Datatype(old.name(), false, old.blockOffsets(), old.blockLengths(), old.lb(),
            old.extent(), old.primitive(), old.composition());
        if (old.committed())
        {
            copy.commit();
        }
        return copy;
    }

    private static void checkCount(final String call, final String what, final int count)
    {
        if (count < 0)
        {
            throw new MpiException(MpiError.ERR_COUNT, what + "=" + count + " must be >= 0");
        }
    }
}
