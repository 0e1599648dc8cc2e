package io.wabric.mpi.rma;

import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Datatypes;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The request an origin sends to a target's {@link WindowService}, and the tags of the window's hidden
 * communicator. Requests carry tag {@link #TAG_HEADER}; the data of a put or accumulate follows from the same
 * origin with {@link #TAG_DATA} (non-overtaking keeps the pair together); replies use negative tags, which the
 * service's receives never match.
 *
 * <pre>
 *   0      4             8       12          16          20           24     32       40        44
 *   | kind | offset/lock | count | op handle | primitive | data bytes | lb   | extent | nblocks | blocks ...
 *   blocks: (offset, length) int pairs, nblocks of them
 * </pre>
 * The target datatype travels as its type map (contiguous byte blocks, lb, extent): the origin's handle means
 * nothing at the target.
 */
final class RmaHeader
{
    static final int TAG_HEADER = 0;
    static final int TAG_DATA = 1;
    static final int TAG_REPLY_GET = -10;
    static final int TAG_REPLY_FLUSH = -11;
    static final int TAG_REPLY_LOCK = -12;
    static final int TAG_REPLY_UNLOCK = -13;
    static final int TAG_REPLY_FETCH = -14;

    static final int PUT = 1;
    static final int GET = 2;
    static final int ACCUMULATE = 3;
    static final int FLUSH = 4;
    static final int LOCK = 5;
    static final int UNLOCK = 6;
    static final int STOP = 7;
    static final int GET_ACCUMULATE = 8;
    static final int COMPARE_AND_SWAP = 9;

    /** Largest header: bounds the blocks of a target datatype. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int FIXED_BYTES = 44;
    private static final int BYTE_TYPE_HANDLE = 4;

    int kind;
    int offsetOrLock;
    int count;
    int opHandle;
    int primitive = -1;
    int dataBytes;
    long lb;
    long extent;
    int[] blockOffsets = new int[0];
    int[] blockLengths = new int[0];

    static RmaHeader control(final int kind, final int value)
    {
        final RmaHeader header = new RmaHeader();
        header.kind = kind;
        header.offsetOrLock = value;
        return header;
    }

    static RmaHeader access(final int kind, final int targetOffset, final int count, final Datatype targetType)
    {
        final RmaHeader header = control(kind, targetOffset);
        header.count = count;
        header.lb = targetType.lb();
        header.extent = targetType.extent();
        header.blockOffsets = targetType.blockOffsets();
        header.blockLengths = targetType.blockLengths();
        if (FIXED_BYTES + 8L * header.blockOffsets.length > MAX_BYTES)
        {
            throw new MpiException(MpiError.ERR_TYPE, "target datatype " + targetType + " has " +
                header.blockOffsets.length + " contiguous blocks; one-sided operations take at most " +
                (MAX_BYTES - FIXED_BYTES) / 8 + ": split the operation");
        }
        return header;
    }

    byte[] encode()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(FIXED_BYTES + 8 * blockOffsets.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(kind).putInt(offsetOrLock).putInt(count).putInt(opHandle).putInt(primitive).putInt(dataBytes)
            .putLong(lb).putLong(extent).putInt(blockOffsets.length);
        for (int b = 0; b < blockOffsets.length; b++)
        {
            buffer.putInt(blockOffsets[b]).putInt(blockLengths[b]);
        }
        return buffer.array();
    }

    static RmaHeader decode(final byte[] bytes, final int length)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        final RmaHeader header = new RmaHeader();
        header.kind = buffer.getInt();
        header.offsetOrLock = buffer.getInt();
        header.count = buffer.getInt();
        header.opHandle = buffer.getInt();
        header.primitive = buffer.getInt();
        header.dataBytes = buffer.getInt();
        header.lb = buffer.getLong();
        header.extent = buffer.getLong();
        final int blocks = buffer.getInt();
        header.blockOffsets = new int[blocks];
        header.blockLengths = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            header.blockOffsets[b] = buffer.getInt();
            header.blockLengths[b] = buffer.getInt();
        }
        return header;
    }

    /**
     * @return the target datatype rebuilt from its type map.
     */
    Datatype targetType()
    {
        final long[] offsets = new long[blockOffsets.length];
        for (int b = 0; b < offsets.length; b++)
        {
            offsets[b] = blockOffsets[b];
        }
        final Datatype blocks = Datatypes.hindexed(blockLengths, offsets, Datatypes.predefined(BYTE_TYPE_HANDLE),
            "rma target");
        return Datatypes.resized(blocks, lb, extent);
    }
}
