package io.wabric.mpi.datatype;

/**
 * What reduction operations see of one element of a datatype: a machine number, a (value, int index) pair for
 * MAXLOC/MINLOC, or opaque bytes. {@link #packedBytes()} is the element's size without padding.
 */
public enum Primitive
{
    /** Signed 8-bit integer. */
    INT8(1, Kind.SIGNED),
    /** Unsigned 8-bit integer. */
    UINT8(1, Kind.UNSIGNED),
    /** Signed 16-bit integer. */
    INT16(2, Kind.SIGNED),
    /** Unsigned 16-bit integer. */
    UINT16(2, Kind.UNSIGNED),
    /** Signed 32-bit integer. */
    INT32(4, Kind.SIGNED),
    /** Unsigned 32-bit integer. */
    UINT32(4, Kind.UNSIGNED),
    /** Signed 64-bit integer. */
    INT64(8, Kind.SIGNED),
    /** Unsigned 64-bit integer. */
    UINT64(8, Kind.UNSIGNED),
    /** IEEE single. */
    FLOAT32(4, Kind.FLOAT),
    /** IEEE double. */
    FLOAT64(8, Kind.FLOAT),
    /** IEEE binary128 (quad), clang's long double on wasm32: {@link io.wabric.mpi.op.Float128} does its arithmetic. */
    FLOAT128(16, Kind.FLOAT),
    /** Two IEEE singles. */
    COMPLEX64(8, Kind.COMPLEX),
    /** Two IEEE doubles. */
    COMPLEX128(16, Kind.COMPLEX),
    /** C bool, one byte. */
    BOOL(1, Kind.LOGICAL),
    /** Bytes without arithmetic (MPI_BYTE, MPI_PACKED). */
    OPAQUE(1, Kind.OPAQUE),
    /** float then int. */
    FLOAT_INT(8, Kind.PAIR),
    /** double then int. */
    DOUBLE_INT(12, Kind.PAIR),
    /** long double (binary128) then int. */
    LONG_DOUBLE_INT(20, Kind.PAIR),
    /** long (4 bytes on wasm32) then int. */
    LONG_INT(8, Kind.PAIR),
    /** int then int. */
    INT_INT(8, Kind.PAIR),
    /** short then int. */
    SHORT_INT(6, Kind.PAIR);

    /** Families of element types, as the MPI standard groups them for reduction operations. */
    public enum Kind
    {
        /** Signed C integers. */
        SIGNED,
        /** Unsigned C integers. */
        UNSIGNED,
        /** Floating point. */
        FLOAT,
        /** Complex. */
        COMPLEX,
        /** Logical. */
        LOGICAL,
        /** Bytes. */
        OPAQUE,
        /** (value, index) pairs. */
        PAIR
    }

    private final int packedBytes;
    private final Kind kind;

    Primitive(final int packedBytes, final Kind kind)
    {
        this.packedBytes = packedBytes;
        this.kind = kind;
    }

    /**
     * @return bytes of one element once packed (no padding).
     */
    public int packedBytes()
    {
        return packedBytes;
    }

    /**
     * @return the family.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return whether values are integers (signed or unsigned).
     */
    public boolean isInteger()
    {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }
}
