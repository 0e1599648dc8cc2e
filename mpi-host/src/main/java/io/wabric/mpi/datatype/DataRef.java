package io.wabric.mpi.datatype;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.memory.FlatMemory;

/**
 * Where a message's bytes come from or go to: count elements of a datatype in a guest's linear memory, or a span of
 * a host byte array (collective scratch). {@link #transfer} moves packed bytes between any two with one copy when
 * both sides are contiguous (straight from the sender's memory into the receiver's).
 */
public abstract class DataRef
{
    DataRef()
    {
    }

    /**
     * @return the packed length of the data in bytes.
     */
    public abstract int byteLength();

    /**
     * Writes the packed bytes into an array.
     *
     * @param dst    the array.
     * @param offset where the first byte goes.
     */
    public abstract void pack(byte[] dst, int offset);

    /**
     * Stores packed bytes into this layout.
     *
     * @param src    the packed bytes.
     * @param offset of the first one.
     * @param length how many, at most {@link #byteLength()}.
     */
    public abstract void unpack(byte[] src, int offset, int length);

    /**
     * @return the backing array when the data is one contiguous run in an array, else {@code null}.
     */
    public abstract byte[] contiguousArray();

    /**
     * @return the index of the first byte in {@link #contiguousArray()}.
     */
    public abstract int contiguousOffset();

    /**
     * Begins a write into this buffer from any thread; see {@link FlatMemory#writeEpoch()}. Writes into guest memory
     * that may run on a thread other than the guest's own go in a loop: {@code do { epoch = ref.writeEpoch(); ...
     * write ... } while (!ref.writeLanded(epoch));} so that a grow of the guest's memory meanwhile cannot lose them.
     * {@link #unpack}, and so {@link #transfer}, do so themselves.
     *
     * @return the epoch for {@link #writeLanded(int)}.
     */
    public int writeEpoch()
    {
        return 0;
    }

    /**
     * @param epoch what {@link #writeEpoch()} returned.
     * @return whether the write since landed in the array the guest uses (always, for host arrays).
     */
    public boolean writeLanded(final int epoch)
    {
        return true;
    }

    /**
     * @return the packed bytes in a new array.
     */
    public final byte[] toBytes()
    {
        final byte[] bytes = new byte[byteLength()];
        pack(bytes, 0);
        return bytes;
    }

    /**
     * Copies a message: the first {@code length} packed bytes of src into dst.
     *
     * @param src    the sent data.
     * @param dst    the receive buffer, at least {@code length} bytes long.
     * @param length the bytes to move.
     */
    public static void transfer(final DataRef src, final DataRef dst, final int length)
    {
        if (length == 0)
        {
            return;
        }
        final byte[] srcArray = src.contiguousArray();
        if (srcArray != null)
        {
            // one copy when dst is contiguous too; unpack also makes it land if dst's memory grows meanwhile
            dst.unpack(srcArray, src.contiguousOffset(), length);
        }
        else
        {
            final byte[] packed = src.toBytes();
            dst.unpack(packed, 0, length);
        }
    }

    /**
     * @param array  host bytes.
     * @param offset first byte.
     * @param length bytes.
     * @return a reference to a span of a host array.
     */
    public static DataRef host(final byte[] array, final int offset, final int length)
    {
        return new HostRef(array, offset, length);
    }

    /**
     * @param array host bytes, all of them.
     * @return a reference to the whole array.
     */
    public static DataRef host(final byte[] array)
    {
        return new HostRef(array, 0, array.length);
    }

    /**
     * @param memory  a guest's memory.
     * @param address the buffer address.
     * @param type    the element type.
     * @param count   the number of elements.
     * @return a reference to guest data.
     */
    public static DataRef guest(final Memory memory, final int address, final Datatype type, final int count)
    {
        return new GuestRef(memory, address, type, count);
    }

    static final class HostRef extends DataRef
    {
        private final byte[] array;
        private final int offset;
        private final int length;

        HostRef(final byte[] array, final int offset, final int length)
        {
            this.array = array;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int byteLength()
        {
            return length;
        }

        @Override
        public void pack(final byte[] dst, final int dstOffset)
        {
            System.arraycopy(array, offset, dst, dstOffset, length);
        }

        @Override
        public void unpack(final byte[] src, final int srcOffset, final int count)
        {
            System.arraycopy(src, srcOffset, array, offset, count);
        }

        @Override
        public byte[] contiguousArray()
        {
            return array;
        }

        @Override
        public int contiguousOffset()
        {
            return offset;
        }
    }

    /**
     * @return a guest-memory reference to aim with {@link GuestRef#wrap} and reuse: a pooled owner (a request)
     *         keeps one, so a message allocates no reference. The owner must not re-aim it while anything may still
     *         read the previous target.
     */
    public static GuestRef guestView()
    {
        return new GuestRef(null, 0, null, 0);
    }

    /**
     * Count elements of a datatype in a guest's linear memory.
     */
    public static final class GuestRef extends DataRef
    {
        private Memory memory;
        private int address;
        private Datatype type;
        private int count;

        GuestRef(final Memory memory, final int address, final Datatype type, final int count)
        {
            this.memory = memory;
            this.address = address;
            this.type = type;
            this.count = count;
        }

        /**
         * Aims this reference at other data.
         *
         * @param memory  a guest's memory.
         * @param address the buffer address.
         * @param type    the element type.
         * @param count   the number of elements.
         * @return this.
         */
        public GuestRef wrap(final Memory memory, final int address, final Datatype type, final int count)
        {
            this.memory = memory;
            this.address = address;
            this.type = type;
            this.count = count;
            return this;
        }

        @Override
        public int byteLength()
        {
            return type.size() * count;
        }

        @Override
        public byte[] contiguousArray()
        {
            if (memory instanceof FlatMemory && (type.contiguous() || count == 1 && type.blockCount() == 1))
            {
                return ((FlatMemory)memory).array();
            }
            return null;
        }

        @Override
        public int contiguousOffset()
        {
            return address + (type.blockCount() == 0 ? 0 : type.blockOffset(0));
        }

        @Override
        public int writeEpoch()
        {
            return memory instanceof FlatMemory ? ((FlatMemory)memory).writeEpoch() : 0;
        }

        @Override
        public boolean writeLanded(final int epoch)
        {
            return !(memory instanceof FlatMemory) || ((FlatMemory)memory).writeLanded(epoch);
        }

        @Override
        public void pack(final byte[] dst, final int dstOffset)
        {
            final byte[] flat = memory instanceof FlatMemory ? ((FlatMemory)memory).array() : null;
            if (type.contiguous())
            {
                // one run of count * size bytes: one copy, not one per element
                final int total = byteLength();
                if (flat != null)
                {
                    System.arraycopy(flat, address, dst, dstOffset, total);
                }
                else
                {
                    System.arraycopy(memory.readBytes(address, total), 0, dst, dstOffset, total);
                }
                return;
            }
            int at = dstOffset;
            final long extent = type.extent();
            final int blocks = type.blockCount();
            for (int i = 0; i < count; i++)
            {
                final long base = address + i * extent;
                for (int b = 0; b < blocks; b++)
                {
                    final int from = (int)(base + type.blockOffset(b));
                    final int len = type.blockLength(b);
                    if (flat != null)
                    {
                        System.arraycopy(flat, from, dst, at, len);
                    }
                    else
                    {
                        System.arraycopy(memory.readBytes(from, len), 0, dst, at, len);
                    }
                    at += len;
                }
            }
        }

        @Override
        public void unpack(final byte[] src, final int srcOffset, final int length)
        {
            int epoch;
            do
            {
                epoch = writeEpoch();
                unpackOnce(src, srcOffset, length);
            }
            while (!writeLanded(epoch));
        }

        private void unpackOnce(final byte[] src, final int srcOffset, final int length)
        {
            final byte[] flat = memory instanceof FlatMemory ? ((FlatMemory)memory).array() : null;
            if (type.contiguous())
            {
                final int total = Math.min(byteLength(), length);
                if (total <= 0)
                {
                    return;
                }
                if (flat != null)
                {
                    System.arraycopy(src, srcOffset, flat, address, total);
                }
                else
                {
                    memory.write(address, src, srcOffset, total);
                }
                return;
            }
            int at = srcOffset;
            int left = length;
            final long extent = type.extent();
            final int blocks = type.blockCount();
            for (int i = 0; i < count && left > 0; i++)
            {
                final long base = address + i * extent;
                for (int b = 0; b < blocks && left > 0; b++)
                {
                    final int to = (int)(base + type.blockOffset(b));
                    final int len = Math.min(type.blockLength(b), left);
                    if (flat != null)
                    {
                        System.arraycopy(src, at, flat, to, len);
                    }
                    else
                    {
                        memory.write(to, src, at, len);
                    }
                    at += len;
                    left -= len;
                }
            }
        }
    }
}
