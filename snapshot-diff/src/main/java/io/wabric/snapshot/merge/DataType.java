package io.wabric.snapshot.merge;

/**
 * The type of the values in a merge region. Part of the guest ABI ({@code __faasm_sm_reduce}'s type argument):
 * update {@code guest-sdk/include/faasm/core.h} when changed.
 */
public enum DataType
{
    /** Bytes with no arithmetic: only overwrite or ignore. */
    RAW(0, 1),
    /** C {@code int}/{@code int32_t}, two's complement, wraps on overflow. */
    INT(1, 4),
    /** C {@code long long}/{@code int64_t}, two's complement, wraps on overflow. */
    LONG(2, 8),
    /** C {@code float}, IEEE 754 binary32. */
    FLOAT(3, 4),
    /** C {@code double}, IEEE 754 binary64. */
    DOUBLE(4, 8);

    private static final DataType[] BY_CODE = new DataType[values().length];

    static
    {
        for (final DataType type : values())
        {
            if (BY_CODE[type.code] != null)
            {
                throw new IllegalStateException("duplicate DataType code " + type.code);
            }
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int widthBytes;

    DataType(final int code, final int widthBytes)
    {
        this.code = code;
        this.widthBytes = widthBytes;
    }

    /**
     * @return the stable code the guest passes.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the size of one value in bytes.
     */
    public int widthBytes()
    {
        return widthBytes;
    }

    /**
     * @param code a guest-supplied code.
     * @return the type, or {@code null} for an unknown code.
     */
    public static DataType of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
