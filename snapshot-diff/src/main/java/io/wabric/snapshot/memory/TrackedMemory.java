package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wabric.core.memory.FlatMemory;
import io.wabric.core.memory.MemoryGrowthListener;
import io.wabric.core.memory.OutOfBoundsAccess;
import io.wabric.core.memory.PageCounts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Wasm linear memory as one flat array (a {@link FlatMemory}) that marks the 4 KiB block of every store, and is
 * copied to and from immutable {@link MemorySnapshot}s of 64 KiB pages, only where pages differ.
 *
 * <pre>{@code
 * TrackedMemory memory = new TrackedMemory(limits, capPages, listener);
 * ... guest runs ...
 * MemorySnapshot s = memory.snapshot();   // copies the pages written since the last snapshot or restore
 * ... guest writes page 3 ...
 * MemorySnapshot t = memory.snapshot();   // t shares every page with s but page 3
 * memory.restore(s);                      // copies back page 3 only
 * }</pre>
 *
 * <p>Why: OpenMP fork mode runs each thread on a private memory. On {@link CowMemory} every load and store looks up
 * a page table and every store checks ownership, which made compute-bound kernels about 10x slower than on a
 * {@code FlatMemory} (the JMH {@code PagedAccessBenchmark}). Here a load is a {@code FlatMemory} load, made on the
 * same array, and a store a {@code FlatMemory} store plus one byte stored into the block marks (1.2-1.6x a
 * {@code FlatMemory} on OpenMP kernels at one thread); the copying moves to the synchronisation points, where it is
 * proportional to the pages that changed: a page written since the last snapshot is copied out once, into a new
 * array, and a page another thread changed is copied in once.
 *
 * <p>Invariant: outside the marked blocks the memory holds exactly its <em>base</em>, the last snapshot it took or
 * was restored from (before the first one, every page counts as changed). A store marks only the block of its first
 * byte; one that straddles into the next block changed that block too, so a marked block makes its successor a
 * candidate as well. {@link #snapshot()} compares the candidate blocks of each page with the base's page and shares
 * the base's array where they are equal (a runtime that rewrites unchanged values, or a thread whose stack frames
 * come and go, costs a compare of a few blocks, not a new page), and {@link #restore} copies a whole page where the
 * target holds another array than the base, and only the candidate blocks where it holds the same.
 *
 * <p>{@link #atomicRouter(AtomicRouter)} sends atomic instructions elsewhere, as on {@link CowMemory}. Not thread
 * safe: one guest thread runs on it; another thread may read the snapshots it took.
 */
public final class TrackedMemory implements Memory, PageSource
{
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
        MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE_SHIFT = 16;
    /** Stores are marked per 4 KiB block: a snapshot compares, and a restore copies back, only marked blocks. */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK_BYTES = 1 << BLOCK_SHIFT;
    private static final int BLOCKS_PER_PAGE = PAGE_SIZE / BLOCK_BYTES;
    /** The marks of eight blocks at once: a page's sixteen in two reads. */
    private static final VarHandle MARK_WORDS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte MARKED = 1;

    static
    {
        OutOfBoundsAccess.nameAccessesOf(TrackedMemory.class);
    }

    private final int initialPages;
    private final int maximumPages;
    private final boolean shared;
    private final MemoryGrowthListener growthListener;
    private FlatMemory flat;
    /** {@code flat}'s array, for the plain loads and stores; replaced with it. */
    private byte[] bytes;
    /** One byte per 4 KiB block, non-zero once a store since the base began in it. */
    private byte[] marks;
    private MemorySnapshot base;
    private boolean keepContentsOnInitialise;
    private DataSegment[] dataSegments;
    private AtomicRouter atomicRouter;

    /**
     * Creates a memory of {@code limits.initialPages()} zero pages.
     *
     * @param limits         the module's declared limits.
     * @param capPages       the host's cap on the maximum, at most {@link Memory#RUNTIME_MAX_PAGES}.
     * @param growthListener told when a grow is refused.
     */
    public TrackedMemory(final MemoryLimits limits, final int capPages, final MemoryGrowthListener growthListener)
    {
        this(limits.initialPages(), Math.min(Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), capPages),
            limits.shared(), growthListener, limits.initialPages());
    }

    /**
     * Creates a memory with the module's limits and no extra cap.
     *
     * @param limits the module's declared limits.
     */
    public TrackedMemory(final MemoryLimits limits)
    {
        this(limits, RUNTIME_MAX_PAGES, MemoryGrowthListener.NONE);
    }

    private TrackedMemory(
        final int initialPages,
        final int maximumPages,
        final boolean shared,
        final MemoryGrowthListener growthListener,
        final int pageCount)
    {
        if (pageCount > maximumPages)
        {
            throw new UninstantiableException("memory of " + PageCounts.describe(pageCount) +
                " exceeds the cap of " + PageCounts.describe(maximumPages));
        }
        this.initialPages = initialPages;
        this.maximumPages = maximumPages;
        this.shared = shared;
        this.growthListener = growthListener;
        this.flat = newFlat(pageCount);
        this.bytes = flat.array();
        this.marks = new byte[pageCount * BLOCKS_PER_PAGE];
    }

    /**
     * A new memory holding a snapshot's contents, which it keeps through a module instantiation (the guest starts
     * from the snapshot with its globals and tables initialised normally).
     *
     * @param snapshot       the snapshot to start from.
     * @param capPages       the host's cap on the maximum.
     * @param growthListener told when a grow is refused.
     * @return the memory; its base is the snapshot.
     */
    public static TrackedMemory fork(
        final MemorySnapshot snapshot, final int capPages, final MemoryGrowthListener growthListener)
    {
        final TrackedMemory memory = new TrackedMemory(snapshot.pageCount(),
            Math.min(snapshot.maximumPages(), capPages), false, growthListener, snapshot.pageCount());
        memory.restore(snapshot);
        memory.keepContentsOnInitialise = true;
        return memory;
    }

    /**
     * A fork with no host cap beyond the snapshot's maximum.
     *
     * @param snapshot the snapshot to start from.
     * @return the memory.
     */
    public static TrackedMemory fork(final MemorySnapshot snapshot)
    {
        return fork(snapshot, RUNTIME_MAX_PAGES, MemoryGrowthListener.NONE);
    }

    /**
     * Takes an immutable snapshot, which becomes this memory's base: pages equal to the base's are shared with it,
     * changed ones copied into new arrays; when no page changed, the base itself. Cost: a look at the marks of every
     * page, a compare of each block stored to since the base, and a copy of 64 KiB per page that changed.
     *
     * @return the snapshot.
     */
    public MemorySnapshot snapshot()
    {
        final byte[] array = bytes;
        final int pageCount = pages();
        final MemorySnapshot from = base;
        final int basePages = from == null ? 0 : from.pageCount();
        // made on the first page that changed: a memory that changed nothing returns its base, allocating nothing
        byte[][] pages = null;
        for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
        {
            final byte[] basePage = pageIndex < basePages ? from.pageArray(pageIndex) : CowMemory.ZERO_PAGE;
            final boolean changed = from == null ? !holds(pageIndex, 0, BLOCKS_PER_PAGE, basePage) :
                isCandidate(pageIndex) && changedBlocks(pageIndex, basePage);
            if (changed && pages == null)
            {
                pages = new byte[pageCount][];
                for (int earlier = 0; earlier < pageIndex; earlier++)
                {
                    pages[earlier] = earlier < basePages ? from.pageArray(earlier) : CowMemory.ZERO_PAGE;
                }
            }
            if (changed)
            {
                final int start = pageIndex << PAGE_SHIFT;
                pages[pageIndex] = Arrays.copyOfRange(array, start, start + PAGE_SIZE);
            }
            else if (pages != null)
            {
                pages[pageIndex] = basePage;
            }
        }
        Arrays.fill(marks, (byte)0);
        if (pages == null && from != null && basePages == pageCount)
        {
            return from;
        }
        if (pages == null)
        {
            pages = new byte[pageCount][];
            for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
            {
                pages[pageIndex] = pageIndex < basePages ? from.pageArray(pageIndex) : CowMemory.ZERO_PAGE;
            }
        }
        base = new MemorySnapshot(pages, maximumPages);
        return base;
    }

    /**
     * Makes this memory equal to a snapshot, which becomes its base: copies the pages the snapshot holds in other
     * arrays than the base, and the blocks stored to since the base in the others. The memory takes the snapshot's
     * size, growing or (to return to an earlier snapshot) shrinking. Only for a memory no guest is running on, or
     * from a host call of the guest that runs on it.
     *
     * @param snapshot the snapshot to take.
     * @throws IllegalArgumentException when the snapshot is larger than this memory's maximum.
     */
    public void restore(final MemorySnapshot snapshot)
    {
        final int pageCount = snapshot.pageCount();
        if (pageCount > maximumPages)
        {
            throw new IllegalArgumentException("snapshot of " + pageCount + " pages exceeds this memory's maximum of " +
                maximumPages + " pages");
        }
        if (pageCount != pages())
        {
            final FlatMemory resized = newFlat(pageCount);
            System.arraycopy(bytes, 0, resized.array(), 0, Math.min(pageCount, pages()) << PAGE_SHIFT);
            resized.dataSegments(dataSegments);
            flat = resized;
            bytes = resized.array();
            marks = Arrays.copyOf(marks, pageCount * BLOCKS_PER_PAGE);
        }
        final byte[] array = bytes;
        final MemorySnapshot from = base;
        final int basePages = from == null ? 0 : from.pageCount();
        for (int pageIndex = 0; pageIndex < pageCount; pageIndex++)
        {
            final byte[] page = snapshot.pageArray(pageIndex);
            final int start = pageIndex << PAGE_SHIFT;
            if (pageIndex >= basePages || from.pageArray(pageIndex) != page)
            {
                System.arraycopy(page, 0, array, start, PAGE_SIZE);
            }
            else if (isCandidate(pageIndex))
            {
                // the snapshot holds the base's page: only the blocks stored to since differ
                final int firstBlock = pageIndex * BLOCKS_PER_PAGE;
                for (int block = firstBlock; block < firstBlock + BLOCKS_PER_PAGE; block++)
                {
                    if (isBlockCandidate(block))
                    {
                        final int inPage = (block - firstBlock) << BLOCK_SHIFT;
                        System.arraycopy(page, inPage, array, start + inPage, BLOCK_BYTES);
                    }
                }
            }
        }
        Arrays.fill(marks, (byte)0);
        base = snapshot;
    }

    /**
     * Routes this memory's atomic instructions elsewhere (see {@link AtomicRouter}), or back here with
     * {@code null}. Set by the thread running on this memory, between guest calls or inside a host call.
     *
     * @param router where atomics go, or {@code null}.
     */
    public void atomicRouter(final AtomicRouter router)
    {
        this.atomicRouter = router;
    }

    /**
     * @param pageIndex a page.
     * @return true when a store since the base may have changed the page: one of its blocks, or the block before
     * it (a straddling store), was stored to; always true before the first snapshot or restore.
     */
    public boolean isCandidate(final int pageIndex)
    {
        final int firstBlock = pageIndex * BLOCKS_PER_PAGE;
        return base == null || pageIndex > 0 && marks[firstBlock - 1] != 0 ||
            ((long)MARK_WORDS.get(marks, firstBlock) | (long)MARK_WORDS.get(marks, firstBlock + 8)) != 0;
    }

    /**
     * @return the pages stored to since the base (a page a store straddled into is not counted).
     */
    public int markedPageCount()
    {
        int count = 0;
        for (int block = 0; block < marks.length; block += BLOCKS_PER_PAGE)
        {
            count += ((long)MARK_WORDS.get(marks, block) | (long)MARK_WORDS.get(marks, block + 8)) != 0 ? 1 : 0;
        }
        return count;
    }

    private boolean isBlockCandidate(final int block)
    {
        return marks[block] != 0 || block > 0 && marks[block - 1] != 0;
    }

    /**
     * Whether a candidate page differs from the base's page in a block stored to since the base (or straddled
     * into); elsewhere it holds the base's bytes.
     */
    private boolean changedBlocks(final int pageIndex, final byte[] basePage)
    {
        final int firstBlock = pageIndex * BLOCKS_PER_PAGE;
        for (int block = firstBlock; block < firstBlock + BLOCKS_PER_PAGE; block++)
        {
            if (isBlockCandidate(block) && !holds(pageIndex, block - firstBlock, 1, basePage))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code count} blocks from {@code fromBlock} of a page hold the same bytes as in {@code page}.
     */
    private boolean holds(final int pageIndex, final int fromBlock, final int count, final byte[] page)
    {
        final int inPage = fromBlock << BLOCK_SHIFT;
        final int start = (pageIndex << PAGE_SHIFT) + inPage;
        final int length = count << BLOCK_SHIFT;
        return Arrays.mismatch(bytes, start, start + length, page, inPage, inPage + length) < 0;
    }

    @Override
    public int pageCount()
    {
        return pages();
    }

    @Override
    public byte[] pageArray(final int pageIndex)
    {
        return bytes;
    }

    @Override
    public int pageOffset(final int pageIndex)
    {
        return pageIndex << PAGE_SHIFT;
    }

    private FlatMemory newFlat(final int pageCount)
    {
        return new FlatMemory(new MemoryLimits(pageCount, maximumPages), maximumPages, growthListener);
    }

    private void mark(final int addr)
    {
        marks[addr >>> BLOCK_SHIFT] = MARKED;
    }

    private void markRange(final int addr, final int size)
    {
        if (size > 0)
        {
            Arrays.fill(marks, addr >>> BLOCK_SHIFT, ((addr + size - 1) >>> BLOCK_SHIFT) + 1, MARKED);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Size and initialisation
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public int pages()
    {
        return bytes.length >>> PAGE_SHIFT;
    }

    @Override
    public int grow(final int deltaPages)
    {
        final int oldPages = flat.grow(deltaPages);
        if (oldPages >= 0 && deltaPages > 0)
        {
            bytes = flat.array();
            marks = Arrays.copyOf(marks, (oldPages + deltaPages) * BLOCKS_PER_PAGE);
        }
        return oldPages;
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
        if (keepContentsOnInitialise)
        {
            keepContentsOnInitialise = false;
            flat.dataSegments(dataSegments);
            return;
        }
        flat.initialize(instance, dataSegments);
        Arrays.fill(marks, MARKED);
    }

    @Override
    public void initPassiveSegment(final int segmentId, final int dest, final int offset, final int size)
    {
        flat.initPassiveSegment(segmentId, dest, offset, size);
        markRange(dest, size);
    }

    @Override
    public void drop(final int segment)
    {
        flat.drop(segment);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bulk operations
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public void write(final int addr, final byte[] data, final int offset, final int size)
    {
        flat.write(addr, data, offset, size);
        markRange(addr, size);
    }

    @Override
    public byte[] readBytes(final int addr, final int len)
    {
        return flat.readBytes(addr, len);
    }

    @Override
    public void zero()
    {
        if (keepContentsOnInitialise)
        {
            return;
        }
        flat.zero();
        Arrays.fill(marks, MARKED);
    }

    @Override
    public void fill(final byte value, final int fromIndex, final int toIndex)
    {
        flat.fill(value, fromIndex, toIndex);
        markRange(fromIndex, toIndex - fromIndex);
    }

    @Override
    public void copy(final int dest, final int src, final int size)
    {
        flat.copy(dest, src, size);
        markRange(dest, size);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Loads and stores: as FlatMemory's, on its array (one field load less than calling it: stencil 1.25x faster),
    // each store marking its first byte's page after it succeeded; out of bounds, the JDK's bounds check throws
    // and OutOfBoundsAccess names the trap.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public byte read(final int addr)
    {
        final byte[] array = bytes;
        // an explicit check, never the array's implicit one, which C2 may turn into a message-less exception
        return array[Objects.checkIndex(addr, array.length)];
    }

    @Override
    public void writeByte(final int addr, final byte data)
    {
        final byte[] array = bytes;
        array[Objects.checkIndex(addr, array.length)] = data;
        mark(addr);
    }

    @Override
    public short readShort(final int addr)
    {
        return (short)SHORT.get(bytes, addr);
    }

    @Override
    public void writeShort(final int addr, final short data)
    {
        SHORT.set(bytes, addr, data);
        mark(addr);
    }

    @Override
    public long readU16(final int addr)
    {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(final int addr)
    {
        return (int)INT.get(bytes, addr);
    }

    @Override
    public void writeI32(final int addr, final int data)
    {
        INT.set(bytes, addr, data);
        mark(addr);
    }

    @Override
    public long readLong(final int addr)
    {
        return (long)LONG.get(bytes, addr);
    }

    @Override
    public void writeLong(final int addr, final long data)
    {
        LONG.set(bytes, addr, data);
        mark(addr);
    }

    @Override
    public void writeF32(final int addr, final float data)
    {
        FLOAT.set(bytes, addr, data);
        mark(addr);
    }

    @Override
    public long readF32(final int addr)
    {
        return readInt(addr);
    }

    @Override
    public float readFloat(final int addr)
    {
        return (float)FLOAT.get(bytes, addr);
    }

    @Override
    public void writeF64(final int addr, final double data)
    {
        DOUBLE.set(bytes, addr, data);
        mark(addr);
    }

    @Override
    public double readDouble(final int addr)
    {
        return (double)DOUBLE.get(bytes, addr);
    }

    @Override
    public long readF64(final int addr)
    {
        return readLong(addr);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Atomics: to the router when one is set, else FlatMemory's, stores marking their page.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public Object lock(final int address)
    {
        return flat.lock(address);
    }

    @Override
    public void atomicFence()
    {
        flat.atomicFence();
    }

    private long load(final int addr, final int widthBytes)
    {
        return atomicRouter.load(this, addr, widthBytes);
    }

    private void store(final int addr, final int widthBytes, final long value)
    {
        atomicRouter.store(this, addr, widthBytes, value);
    }

    private long rmw(final int addr, final int widthBytes, final AtomicRouter.Op op, final long operand)
    {
        return atomicRouter.readModifyWrite(this, addr, widthBytes, op, operand, 0);
    }

    @Override
    public int atomicReadInt(final int addr)
    {
        return atomicRouter != null ? (int)load(addr, 4) : flat.atomicReadInt(addr);
    }

    @Override
    public long atomicReadLong(final int addr)
    {
        return atomicRouter != null ? load(addr, 8) : flat.atomicReadLong(addr);
    }

    @Override
    public short atomicReadShort(final int addr)
    {
        return atomicRouter != null ? (short)load(addr, 2) : flat.atomicReadShort(addr);
    }

    @Override
    public byte atomicReadByte(final int addr)
    {
        return atomicRouter != null ? (byte)load(addr, 1) : flat.atomicReadByte(addr);
    }

    @Override
    public void atomicWriteInt(final int addr, final int value)
    {
        if (atomicRouter != null)
        {
            store(addr, 4, value & 0xFFFF_FFFFL);
            return;
        }
        flat.atomicWriteInt(addr, value);
        mark(addr);
    }

    @Override
    public void atomicWriteLong(final int addr, final long value)
    {
        if (atomicRouter != null)
        {
            store(addr, 8, value);
            return;
        }
        flat.atomicWriteLong(addr, value);
        mark(addr);
    }

    @Override
    public void atomicWriteShort(final int addr, final short value)
    {
        if (atomicRouter != null)
        {
            store(addr, 2, value & 0xFFFFL);
            return;
        }
        flat.atomicWriteShort(addr, value);
        mark(addr);
    }

    @Override
    public void atomicWriteByte(final int addr, final byte value)
    {
        if (atomicRouter != null)
        {
            store(addr, 1, value & 0xFFL);
            return;
        }
        flat.atomicWriteByte(addr, value);
        mark(addr);
    }

    @Override
    public int atomicAddInt(final int addr, final int delta)
    {
        if (atomicRouter != null)
        {
            return (int)rmw(addr, 4, AtomicRouter.Op.ADD, delta & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicAddInt(addr, delta);
        mark(addr);
        return old;
    }

    @Override
    public int atomicAndInt(final int addr, final int mask)
    {
        if (atomicRouter != null)
        {
            return (int)rmw(addr, 4, AtomicRouter.Op.AND, mask & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicAndInt(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public int atomicOrInt(final int addr, final int mask)
    {
        if (atomicRouter != null)
        {
            return (int)rmw(addr, 4, AtomicRouter.Op.OR, mask & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicOrInt(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public int atomicXorInt(final int addr, final int mask)
    {
        if (atomicRouter != null)
        {
            return (int)rmw(addr, 4, AtomicRouter.Op.XOR, mask & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicXorInt(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public int atomicXchgInt(final int addr, final int value)
    {
        if (atomicRouter != null)
        {
            return (int)rmw(addr, 4, AtomicRouter.Op.XCHG, value & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicXchgInt(addr, value);
        mark(addr);
        return old;
    }

    @Override
    public int atomicCmpxchgInt(final int addr, final int expected, final int replacement)
    {
        if (atomicRouter != null)
        {
            return (int)atomicRouter.readModifyWrite(this, addr, 4, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFFF_FFFFL, replacement & 0xFFFF_FFFFL);
        }
        final int old = flat.atomicCmpxchgInt(addr, expected, replacement);
        mark(addr);
        return old;
    }

    @Override
    public long atomicAddLong(final int addr, final long delta)
    {
        if (atomicRouter != null)
        {
            return rmw(addr, 8, AtomicRouter.Op.ADD, delta);
        }
        final long old = flat.atomicAddLong(addr, delta);
        mark(addr);
        return old;
    }

    @Override
    public long atomicAndLong(final int addr, final long mask)
    {
        if (atomicRouter != null)
        {
            return rmw(addr, 8, AtomicRouter.Op.AND, mask);
        }
        final long old = flat.atomicAndLong(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public long atomicOrLong(final int addr, final long mask)
    {
        if (atomicRouter != null)
        {
            return rmw(addr, 8, AtomicRouter.Op.OR, mask);
        }
        final long old = flat.atomicOrLong(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public long atomicXorLong(final int addr, final long mask)
    {
        if (atomicRouter != null)
        {
            return rmw(addr, 8, AtomicRouter.Op.XOR, mask);
        }
        final long old = flat.atomicXorLong(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public long atomicXchgLong(final int addr, final long value)
    {
        if (atomicRouter != null)
        {
            return rmw(addr, 8, AtomicRouter.Op.XCHG, value);
        }
        final long old = flat.atomicXchgLong(addr, value);
        mark(addr);
        return old;
    }

    @Override
    public long atomicCmpxchgLong(final int addr, final long expected, final long replacement)
    {
        if (atomicRouter != null)
        {
            return atomicRouter.readModifyWrite(this, addr, 8, AtomicRouter.Op.CMPXCHG, expected, replacement);
        }
        final long old = flat.atomicCmpxchgLong(addr, expected, replacement);
        mark(addr);
        return old;
    }

    @Override
    public short atomicAddShort(final int addr, final short delta)
    {
        if (atomicRouter != null)
        {
            return (short)rmw(addr, 2, AtomicRouter.Op.ADD, delta & 0xFFFFL);
        }
        final short old = flat.atomicAddShort(addr, delta);
        mark(addr);
        return old;
    }

    @Override
    public short atomicAndShort(final int addr, final short mask)
    {
        if (atomicRouter != null)
        {
            return (short)rmw(addr, 2, AtomicRouter.Op.AND, mask & 0xFFFFL);
        }
        final short old = flat.atomicAndShort(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public short atomicOrShort(final int addr, final short mask)
    {
        if (atomicRouter != null)
        {
            return (short)rmw(addr, 2, AtomicRouter.Op.OR, mask & 0xFFFFL);
        }
        final short old = flat.atomicOrShort(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public short atomicXorShort(final int addr, final short mask)
    {
        if (atomicRouter != null)
        {
            return (short)rmw(addr, 2, AtomicRouter.Op.XOR, mask & 0xFFFFL);
        }
        final short old = flat.atomicXorShort(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public short atomicXchgShort(final int addr, final short value)
    {
        if (atomicRouter != null)
        {
            return (short)rmw(addr, 2, AtomicRouter.Op.XCHG, value & 0xFFFFL);
        }
        final short old = flat.atomicXchgShort(addr, value);
        mark(addr);
        return old;
    }

    @Override
    public short atomicCmpxchgShort(final int addr, final short expected, final short replacement)
    {
        if (atomicRouter != null)
        {
            return (short)atomicRouter.readModifyWrite(this, addr, 2, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFFFL, replacement & 0xFFFFL);
        }
        final short old = flat.atomicCmpxchgShort(addr, expected, replacement);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicAddByte(final int addr, final byte delta)
    {
        if (atomicRouter != null)
        {
            return (byte)rmw(addr, 1, AtomicRouter.Op.ADD, delta & 0xFFL);
        }
        final byte old = flat.atomicAddByte(addr, delta);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicAndByte(final int addr, final byte mask)
    {
        if (atomicRouter != null)
        {
            return (byte)rmw(addr, 1, AtomicRouter.Op.AND, mask & 0xFFL);
        }
        final byte old = flat.atomicAndByte(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicOrByte(final int addr, final byte mask)
    {
        if (atomicRouter != null)
        {
            return (byte)rmw(addr, 1, AtomicRouter.Op.OR, mask & 0xFFL);
        }
        final byte old = flat.atomicOrByte(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicXorByte(final int addr, final byte mask)
    {
        if (atomicRouter != null)
        {
            return (byte)rmw(addr, 1, AtomicRouter.Op.XOR, mask & 0xFFL);
        }
        final byte old = flat.atomicXorByte(addr, mask);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicXchgByte(final int addr, final byte value)
    {
        if (atomicRouter != null)
        {
            return (byte)rmw(addr, 1, AtomicRouter.Op.XCHG, value & 0xFFL);
        }
        final byte old = flat.atomicXchgByte(addr, value);
        mark(addr);
        return old;
    }

    @Override
    public byte atomicCmpxchgByte(final int addr, final byte expected, final byte replacement)
    {
        if (atomicRouter != null)
        {
            return (byte)atomicRouter.readModifyWrite(this, addr, 1, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFL, replacement & 0xFFL);
        }
        final byte old = flat.atomicCmpxchgByte(addr, expected, replacement);
        mark(addr);
        return old;
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
        throw new WasmRuntimeException("memory.atomic.wait32 on a thread's private memory (OpenMP fork mode): no " +
            "other thread can notify it; use --omp=shared for programs that wait on atomics");
    }

    @Override
    public int atomicWait(final int addr, final long expected, final long timeoutNs)
    {
        throw new WasmRuntimeException("memory.atomic.wait64 on a thread's private memory (OpenMP fork mode): no " +
            "other thread can notify it; use --omp=shared for programs that wait on atomics");
    }

    @Override
    public int atomicNotify(final int addr, final int maxThreads)
    {
        return flat.atomicNotify(addr, maxThreads);
    }
}
