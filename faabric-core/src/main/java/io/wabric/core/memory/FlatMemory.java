package io.wabric.core.memory;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Wasm linear memory as one flat {@code byte[]} viewed through little-endian {@link VarHandle}s.
 *
 * <p>Why flat: every load and store is one array access whose bounds check the JIT folds into the access
 * itself; Chicory's paged {@code ByteArrayMemory} pays a page lookup per access and measured about 2x slower on
 * memory-bound kernels. The price is that {@link #grow(int)} copies the whole array, so growth is O(size): guests
 * grow rarely (malloc asks the host for whole pages), and the copy runs at memory bandwidth.
 *
 * <p>Concurrency: plain loads and stores are plain array accesses (Wasm's unordered accesses); the atomic
 * operations are sequentially consistent VarHandle operations on the same array, so several instances on several
 * threads may share one memory. {@link #grow(int)} is serialised, but a thread that is inside a loop while another
 * thread grows the memory may keep writing to the old array: callers that share a memory between threads must make
 * growth a stop-the-world step (the OpenMP host does). Host threads that copy into a guest's memory while the guest
 * runs (MPI deliveries) instead bracket each copy with {@link #writeEpoch()} and {@link #writeLanded(int)}.
 *
 * <p>Out-of-bounds accesses trap. The plain loads and stores, which compiled guest code calls on every memory
 * instruction, leave the check to the JDK: the VarHandle's (or {@link Objects#checkIndex}'s) bounds check throws
 * {@link IndexOutOfBoundsException}, which {@link OutOfBoundsAccess} names as a Wasm trap with the address, the size
 * and the limit wherever a guest's fault is reported. Why not catch it here and throw {@link WasmRuntimeException}:
 * a handler around each access kept HotSpot's C2 (JDK 17) from eliminating the bounds checks of a loop and from
 * unrolling it (5-point stencil 1.5x slower), and an explicit check in front of the access cost more than it saved
 * in loops that on-stack replacement compiles (serial matmul 4x slower). Bulk copies, atomics and every other
 * operation check first and throw {@link WasmRuntimeException} themselves.
 */
public final class FlatMemory implements Memory
{
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
        MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Whether the JDK offers atomic access modes on byte-array views. JDK 17 does; newer JDKs (22+) refuse them
     * because a heap byte[] is not guaranteed to be aligned, so atomics fall back to striped locks there.
     */
    private static final boolean INT_ATOMICS = hasAtomics(INT);
    private static final boolean LONG_ATOMICS = hasAtomics(LONG);
    private static final int LOCK_STRIPES = 64;

    private final Object[] atomicStripes = newStripes();
    private final int initialPages;
    private final int maximumPages;
    private final boolean shared;
    private final Object growLock = new Object();
    private final WaitQueues waitQueues = new WaitQueues();
    private final MemoryGrowthListener growthListener;
    private DataSegment[] dataSegments;
    private byte[] buffer;
    private MemoryGrowthGuard growthGuard = MemoryGrowthGuard.NONE;
    private volatile boolean adoptPending;
    /** Even while the array is stable, odd while {@link #grow(int)} copies it; see {@link #writeEpoch()}. */
    private volatile int growEpoch;

    private static boolean hasAtomics(final VarHandle handle)
    {
        return handle.isAccessModeSupported(VarHandle.AccessMode.GET_VOLATILE) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.SET_VOLATILE) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.GET_AND_ADD) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.GET_AND_SET) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.COMPARE_AND_EXCHANGE) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.GET_AND_BITWISE_AND) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.GET_AND_BITWISE_OR) &&
            handle.isAccessModeSupported(VarHandle.AccessMode.GET_AND_BITWISE_XOR);
    }

    private static Object[] newStripes()
    {
        final Object[] stripes = new Object[LOCK_STRIPES];
        for (int i = 0; i < stripes.length; i++)
        {
            stripes[i] = new Object();
        }
        return stripes;
    }

    /** The lock guarding the 8-byte word holding {@code addr}, when the JDK has no byte-view atomics. */
    private Object stripe(final int addr)
    {
        return atomicStripes[(addr >>> 3) & (LOCK_STRIPES - 1)];
    }

    /**
     * Creates a memory of {@code limits.initialPages()} zeroed pages.
     *
     * @param limits         the module's declared limits.
     * @param capPages       a cap on the maximum set by the host (e.g. {@code --max-memory}), at most
     *                       {@link Memory#RUNTIME_MAX_PAGES}.
     * @param growthListener told when a grow is refused, so the refusal can be reported to the user.
     */
    public FlatMemory(final MemoryLimits limits, final int capPages, final MemoryGrowthListener growthListener)
    {
        this.initialPages = limits.initialPages();
        this.maximumPages = Math.min(Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), capPages);
        this.shared = limits.shared();
        this.growthListener = growthListener;
        if (initialPages > maximumPages)
        {
            throw new UninstantiableException("initial memory of " + PageCounts.describe(initialPages) +
                " exceeds the cap of " + PageCounts.describe(maximumPages));
        }
        this.buffer = new byte[initialPages * PAGE_SIZE];
    }

    /**
     * Creates a memory with the module's limits and no extra cap.
     *
     * @param limits the module's declared limits.
     */
    public FlatMemory(final MemoryLimits limits)
    {
        this(limits, RUNTIME_MAX_PAGES, MemoryGrowthListener.NONE);
    }

    /**
     * The backing array, for hosts that copy in bulk (snapshots, MPI). It is replaced by {@link #grow(int)}:
     * never hold it across a call that may grow the memory.
     *
     * @return the current backing array; its length is {@code pages() * PAGE_SIZE}.
     */
    public byte[] array()
    {
        return buffer;
    }

    @Override
    public int pages()
    {
        return buffer.length / PAGE_SIZE;
    }

    /**
     * Begins a write into this memory by a thread other than the guest's own (an MPI transfer into a posted receive,
     * a window's target): waits out a grow that is copying, and returns the epoch that
     * {@link #writeLanded(int)} checks after the write. The write is a plain copy into {@link #array()}; if a grow
     * copied the array meanwhile, the write may have gone to the discarded array, and the writer makes it again into
     * the new one. So the write must be idempotent (bytes from a source that does not change), and it costs one
     * fence, not a lock: the guest's own loads and stores stay plain.
     *
     * <pre>{@code
     * int epoch;
     * do
     * {
     *     epoch = memory.writeEpoch();
     *     System.arraycopy(src, 0, memory.array(), address, length);
     * }
     * while (!memory.writeLanded(epoch));
     * }</pre>
     *
     * @return the epoch to hand to {@link #writeLanded(int)}.
     */
    public int writeEpoch()
    {
        int epoch = growEpoch;
        while ((epoch & 1) != 0)
        {
            synchronized (growLock)
            {
                // the grow copies while holding the lock: this waits for it without spinning
                epoch = growEpoch;
            }
        }
        return epoch;
    }

    /**
     * Ends a write begun with {@link #writeEpoch()}.
     *
     * @param epoch what {@link #writeEpoch()} returned.
     * @return true when no grow copied the array since, so the write is in the array the guest uses; false when it
     * must be made again.
     */
    public boolean writeLanded(final int epoch)
    {
        // the write before, the read after: a grow that had not started by this read copies what was written
        VarHandle.fullFence();
        return growEpoch == epoch;
    }

    /**
     * Installs what makes a grow safe while other threads use this memory; see {@link MemoryGrowthGuard}.
     * Install it before those threads start.
     *
     * @param growthGuard the guard, or {@link MemoryGrowthGuard#NONE}.
     */
    public void growthGuard(final MemoryGrowthGuard growthGuard)
    {
        this.growthGuard = growthGuard == null ? MemoryGrowthGuard.NONE : growthGuard;
    }

    /**
     * Lets the next instantiation of the same module adopt this memory as it is: that instantiation neither zeroes
     * it nor writes data segments, so a second instance (an OpenMP thread) can join a running one.
     */
    public void adoptByNextInstance()
    {
        adoptPending = true;
    }

    @Override
    public int grow(final int deltaPages)
    {
        final MemoryGrowthGuard guard = growthGuard;
        if (guard == MemoryGrowthGuard.NONE || deltaPages <= 0)
        {
            return growNow(deltaPages);
        }
        return guard.guard(() -> growNow(deltaPages));
    }

    private int growNow(final int deltaPages)
    {
        synchronized (growLock)
        {
            final byte[] old = buffer;
            final int oldPages = old.length / PAGE_SIZE;
            final long newPages = (long)oldPages + deltaPages;
            if (deltaPages < 0 || newPages > maximumPages)
            {
                growthListener.onGrowRefused(oldPages, deltaPages, maximumPages);
                return -1;
            }
            if (deltaPages > 0)
            {
                // odd while copying: a writer on another thread that overlaps the copy writes again afterwards
                growEpoch = growEpoch + 1;
                VarHandle.fullFence();
                try
                {
                    buffer = Arrays.copyOf(old, (int)newPages * PAGE_SIZE);
                }
                catch (final OutOfMemoryError ex)
                {
                    // The JVM heap cannot hold the larger memory: to the guest this is an ordinary failed grow.
                    growthListener.onGrowOutOfHeap(oldPages, deltaPages);
                    return -1;
                }
                finally
                {
                    growEpoch = growEpoch + 1;
                }
            }
            return oldPages;
        }
    }

    @Override
    public int initialPages()
    {
        return initialPages;
    }

    @Override
    public int maximumPages()
    {
        return maximumPages;
    }

    @Override
    public boolean shared()
    {
        return shared;
    }

    @Override
    public void initialize(final Instance instance, final DataSegment[] dataSegments)
    {
        this.dataSegments = dataSegments;
        if (adoptPending)
        {
            adoptPending = false;
            return;
        }
        DataSegments.writeActive(instance, dataSegments, this, buffer.length);
    }

    /**
     * Forgets the data segments kept for {@code memory.init}, so that a memory built for a restored snapshot does
     * not hold the module's segments twice.
     *
     * @param dataSegments the segments {@code memory.init} may copy from.
     */
    public void dataSegments(final DataSegment[] dataSegments)
    {
        this.dataSegments = dataSegments;
    }

    @Override
    public void initPassiveSegment(final int segmentId, final int dest, final int offset, final int size)
    {
        final byte[] data = dataSegments[segmentId].data();
        checkBounds(offset, size, data.length);
        write(dest, data, offset, size);
    }

    @Override
    public void write(final int addr, final byte[] data, final int offset, final int size)
    {
        checkBounds(addr, size, buffer.length);
        System.arraycopy(data, offset, buffer, addr, size);
    }

    @Override
    public byte read(final int addr)
    {
        final byte[] bytes = buffer;
        // an explicit check, never the array's implicit one, which C2 may turn into a message-less exception
        return bytes[Objects.checkIndex(addr, bytes.length)];
    }

    @Override
    public byte[] readBytes(final int addr, final int len)
    {
        checkBounds(addr, len, buffer.length);
        return Arrays.copyOfRange(buffer, addr, addr + len);
    }

    @Override
    public void writeI32(final int addr, final int data)
    {
        INT.set(buffer, addr, data);
    }

    @Override
    public int readInt(final int addr)
    {
        return (int)INT.get(buffer, addr);
    }

    @Override
    public void writeLong(final int addr, final long data)
    {
        LONG.set(buffer, addr, data);
    }

    @Override
    public long readLong(final int addr)
    {
        return (long)LONG.get(buffer, addr);
    }

    @Override
    public void writeShort(final int addr, final short data)
    {
        SHORT.set(buffer, addr, data);
    }

    @Override
    public short readShort(final int addr)
    {
        return (short)SHORT.get(buffer, addr);
    }

    @Override
    public long readU16(final int addr)
    {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(final int addr, final byte data)
    {
        final byte[] bytes = buffer;
        bytes[Objects.checkIndex(addr, bytes.length)] = data;
    }

    @Override
    public void writeF32(final int addr, final float data)
    {
        FLOAT.set(buffer, addr, data);
    }

    @Override
    public long readF32(final int addr)
    {
        return readInt(addr);
    }

    @Override
    public float readFloat(final int addr)
    {
        return (float)FLOAT.get(buffer, addr);
    }

    @Override
    public void writeF64(final int addr, final double data)
    {
        DOUBLE.set(buffer, addr, data);
    }

    @Override
    public double readDouble(final int addr)
    {
        return (double)DOUBLE.get(buffer, addr);
    }

    @Override
    public long readF64(final int addr)
    {
        return readLong(addr);
    }

    @Override
    public void zero()
    {
        if (adoptPending)
        {
            return;
        }
        Arrays.fill(buffer, (byte)0);
    }

    @Override
    public void fill(final byte value, final int fromIndex, final int toIndex)
    {
        checkBounds(fromIndex, toIndex - fromIndex, buffer.length);
        Arrays.fill(buffer, fromIndex, toIndex, value);
    }

    @Override
    public void copy(final int dest, final int src, final int size)
    {
        final byte[] bytes = buffer;
        checkBounds(src, size, bytes.length);
        checkBounds(dest, size, bytes.length);
        System.arraycopy(bytes, src, bytes, dest, size);
    }

    @Override
    public void drop(final int segment)
    {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Atomics: sequentially consistent VarHandle operations; a misaligned address traps as the Wasm spec requires.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public Object lock(final int address)
    {
        return growLock;
    }

    @Override
    public void atomicFence()
    {
        VarHandle.fullFence();
    }

    @Override
    public int atomicReadInt(final int addr)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    return readInt(addr);
                }
            }
            return (int)INT.getVolatile(buffer, addr);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public long atomicReadLong(final int addr)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    return readLong(addr);
                }
            }
            return (long)LONG.getVolatile(buffer, addr);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public short atomicReadShort(final int addr)
    {
        checkAligned(addr, 2);
        return (short)(atomicReadInt(addr & ~3) >>> ((addr & 3) * 8));
    }

    @Override
    public byte atomicReadByte(final int addr)
    {
        return (byte)(atomicReadInt(addr & ~3) >>> ((addr & 3) * 8));
    }

    @Override
    public void atomicWriteInt(final int addr, final int value)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    writeI32(addr, value);
                }
                return;
            }
            INT.setVolatile(buffer, addr, value);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public void atomicWriteLong(final int addr, final long value)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    writeLong(addr, value);
                }
                return;
            }
            LONG.setVolatile(buffer, addr, value);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public void atomicWriteShort(final int addr, final short value)
    {
        rmwSubWord(addr, 2, (o, v) -> v, value);
    }

    @Override
    public void atomicWriteByte(final int addr, final byte value)
    {
        rmwSubWord(addr, 1, (o, v) -> v, value);
    }

    @Override
    public int atomicAddInt(final int addr, final int delta)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    writeI32(addr, old + delta);
                    return old;
                }
            }
            return (int)INT.getAndAdd(buffer, addr, delta);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public int atomicAndInt(final int addr, final int mask)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    writeI32(addr, old & mask);
                    return old;
                }
            }
            return (int)INT.getAndBitwiseAnd(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public int atomicOrInt(final int addr, final int mask)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    writeI32(addr, old | mask);
                    return old;
                }
            }
            return (int)INT.getAndBitwiseOr(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public int atomicXorInt(final int addr, final int mask)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    writeI32(addr, old ^ mask);
                    return old;
                }
            }
            return (int)INT.getAndBitwiseXor(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public int atomicXchgInt(final int addr, final int value)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    writeI32(addr, value);
                    return old;
                }
            }
            return (int)INT.getAndSet(buffer, addr, value);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public int atomicCmpxchgInt(final int addr, final int expected, final int replacement)
    {
        try
        {
            if (!INT_ATOMICS)
            {
                checkAligned(addr, 4);
                synchronized (stripe(addr))
                {
                    final int old = readInt(addr);
                    if (old == expected)
                    {
                        writeI32(addr, replacement);
                    }
                    return old;
                }
            }
            return (int)INT.compareAndExchange(buffer, addr, expected, replacement);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 4);
        }
    }

    @Override
    public long atomicAddLong(final int addr, final long delta)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    writeLong(addr, old + delta);
                    return old;
                }
            }
            return (long)LONG.getAndAdd(buffer, addr, delta);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public long atomicAndLong(final int addr, final long mask)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    writeLong(addr, old & mask);
                    return old;
                }
            }
            return (long)LONG.getAndBitwiseAnd(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public long atomicOrLong(final int addr, final long mask)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    writeLong(addr, old | mask);
                    return old;
                }
            }
            return (long)LONG.getAndBitwiseOr(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public long atomicXorLong(final int addr, final long mask)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    writeLong(addr, old ^ mask);
                    return old;
                }
            }
            return (long)LONG.getAndBitwiseXor(buffer, addr, mask);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public long atomicXchgLong(final int addr, final long value)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    writeLong(addr, value);
                    return old;
                }
            }
            return (long)LONG.getAndSet(buffer, addr, value);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    @Override
    public long atomicCmpxchgLong(final int addr, final long expected, final long replacement)
    {
        try
        {
            if (!LONG_ATOMICS)
            {
                checkAligned(addr, 8);
                synchronized (stripe(addr))
                {
                    final long old = readLong(addr);
                    if (old == expected)
                    {
                        writeLong(addr, replacement);
                    }
                    return old;
                }
            }
            return (long)LONG.compareAndExchange(buffer, addr, expected, replacement);
        }
        catch (final RuntimeException ex)
        {
            throw atomicFault(ex, addr, 8);
        }
    }

    // 8- and 16-bit read-modify-write operations go through a CAS loop on the aligned 32-bit word holding them,
    // so they are atomic with respect to 32-bit atomics on the same word.

    private int rmwSubWord(final int addr, final int width, final SubWordOp op, final int operand)
    {
        checkAligned(addr, width);
        final int wordAddr = addr & ~3;
        final int shift = (addr & 3) * 8;
        final int mask = (width == 1 ? 0xFF : 0xFFFF) << shift;
        while (true)
        {
            final int word = atomicReadInt(wordAddr);
            final int old = (word & mask) >>> shift;
            final int updated = (op.apply(old, operand) << shift) & mask;
            if (atomicCmpxchgInt(wordAddr, word, (word & ~mask) | updated) == word)
            {
                return old;
            }
        }
    }

    private int cmpxchgSubWord(final int addr, final int width, final int expected, final int replacement)
    {
        checkAligned(addr, width);
        final int wordAddr = addr & ~3;
        final int shift = (addr & 3) * 8;
        final int valueMask = width == 1 ? 0xFF : 0xFFFF;
        final int mask = valueMask << shift;
        while (true)
        {
            final int word = atomicReadInt(wordAddr);
            final int old = (word & mask) >>> shift;
            if (old != (expected & valueMask))
            {
                return old;
            }
            final int next = (word & ~mask) | ((replacement & valueMask) << shift);
            if (atomicCmpxchgInt(wordAddr, word, next) == word)
            {
                return old;
            }
        }
    }

    @FunctionalInterface
    private interface SubWordOp
    {
        int apply(int old, int operand);
    }

    @Override
    public byte atomicAddByte(final int addr, final byte delta)
    {
        return (byte)rmwSubWord(addr, 1, (o, v) -> o + v, delta);
    }

    @Override
    public byte atomicAndByte(final int addr, final byte mask)
    {
        return (byte)rmwSubWord(addr, 1, (o, v) -> o & v, mask);
    }

    @Override
    public byte atomicOrByte(final int addr, final byte mask)
    {
        return (byte)rmwSubWord(addr, 1, (o, v) -> o | v, mask);
    }

    @Override
    public byte atomicXorByte(final int addr, final byte mask)
    {
        return (byte)rmwSubWord(addr, 1, (o, v) -> o ^ v, mask);
    }

    @Override
    public byte atomicXchgByte(final int addr, final byte value)
    {
        return (byte)rmwSubWord(addr, 1, (o, v) -> v, value);
    }

    @Override
    public byte atomicCmpxchgByte(final int addr, final byte expected, final byte replacement)
    {
        return (byte)cmpxchgSubWord(addr, 1, expected, replacement);
    }

    @Override
    public short atomicAddShort(final int addr, final short delta)
    {
        return (short)rmwSubWord(addr, 2, (o, v) -> o + v, delta);
    }

    @Override
    public short atomicAndShort(final int addr, final short mask)
    {
        return (short)rmwSubWord(addr, 2, (o, v) -> o & v, mask);
    }

    @Override
    public short atomicOrShort(final int addr, final short mask)
    {
        return (short)rmwSubWord(addr, 2, (o, v) -> o | v, mask);
    }

    @Override
    public short atomicXorShort(final int addr, final short mask)
    {
        return (short)rmwSubWord(addr, 2, (o, v) -> o ^ v, mask);
    }

    @Override
    public short atomicXchgShort(final int addr, final short value)
    {
        return (short)rmwSubWord(addr, 2, (o, v) -> v, value);
    }

    @Override
    public short atomicCmpxchgShort(final int addr, final short expected, final short replacement)
    {
        return (short)cmpxchgSubWord(addr, 2, expected, replacement);
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int waitOn(final int address, final int expected, final long timeout)
    {
        return atomicWait(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int waitOn(final int address, final long expected, final long timeout)
    {
        return atomicWait(address, expected, timeout);
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public int notify(final int address, final int maxThreads)
    {
        return atomicNotify(address, maxThreads);
    }

    @Override
    public int atomicWait(final int addr, final int expected, final long timeoutNs)
    {
        requireShared("memory.atomic.wait32");
        checkAligned(addr, 4);
        return waitQueues.await(addr, () -> atomicReadInt(addr) == expected, timeoutNs);
    }

    @Override
    public int atomicWait(final int addr, final long expected, final long timeoutNs)
    {
        requireShared("memory.atomic.wait64");
        checkAligned(addr, 8);
        return waitQueues.await(addr, () -> atomicReadLong(addr) == expected, timeoutNs);
    }

    @Override
    public int atomicNotify(final int addr, final int maxThreads)
    {
        checkAligned(addr, 4);
        checkBounds(addr, 4, buffer.length);
        return shared ? waitQueues.notify(addr, maxThreads) : 0;
    }

    private void requireShared(final String instruction)
    {
        if (!shared)
        {
            throw new WasmRuntimeException(instruction + " on an unshared memory: the module must declare a shared memory");
        }
    }

    private static void checkAligned(final int addr, final int width)
    {
        if ((addr & (width - 1)) != 0)
        {
            throw new WasmRuntimeException("unaligned atomic: address " + Integer.toUnsignedString(addr) +
                " is not a multiple of " + width);
        }
    }

    private RuntimeException atomicFault(final RuntimeException ex, final int addr, final int width)
    {
        if (ex instanceof IndexOutOfBoundsException)
        {
            return outOfBounds(addr, width);
        }
        if (ex instanceof IllegalStateException)
        {
            return new WasmRuntimeException("unaligned atomic: address " + Integer.toUnsignedString(addr) +
                " is not a multiple of " + width);
        }
        return ex;
    }

    private static void checkBounds(final int addr, final int size, final int limit)
    {
        if (addr < 0 || size < 0 || (long)addr + size > limit)
        {
            throw new WasmRuntimeException(OutOfBoundsAccess.message(addr, size, limit));
        }
    }

    private WasmRuntimeException outOfBounds(final int addr, final int size)
    {
        return new WasmRuntimeException(OutOfBoundsAccess.message(addr, size, buffer.length));
    }

    static ChicoryInterruptedException interrupted()
    {
        Thread.currentThread().interrupt();
        return new ChicoryInterruptedException("thread interrupted while waiting on memory");
    }
}
