package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import io.wabric.core.memory.DataSegments;
import io.wabric.core.memory.MemoryGrowthListener;
import io.wabric.core.memory.OutOfBoundsAccess;
import io.wabric.core.memory.PageCounts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Wasm linear memory as 64 KiB pages that are shared with {@link MemorySnapshot}s until first written.
 *
 * <pre>{@code
 * CowMemory memory = new CowMemory(limits, capPages, listener);
 * ... guest runs ...
 * MemorySnapshot snapshot = memory.snapshot();        // O(pages) pointer copy, no bytes copied
 * CowMemory fork = CowMemory.fork(snapshot, capPages, listener);  // shares every page
 * fork.writeI32(addr, 1);                              // copies that one page first
 * fork.dirtyPageCount();                               // 1
 * }</pre>
 *
 * <p>Every page slot either holds the baseline's page (the snapshot's, or the shared zero page of a fresh memory)
 * or a private copy: a write to a page not yet owned copies it first. The owned pages are exactly the pages
 * written since the baseline, so dirty tracking costs one {@code boolean} load per store and a diff visits only
 * owned pages. The price against {@link io.wabric.core.memory.FlatMemory} is a page lookup per access
 * (Chicory's {@code ByteArrayMemory} speed, measured in {@code ../shared/notes/chicory.md}).
 *
 * <p>Restored memories: a memory made by {@link #fork} keeps its contents through the instance's initialisation
 * (the {@code zero()} and data-segment writes Chicory performs while instantiating), so a module instantiated over
 * it starts from the snapshot with its globals and tables initialised normally.
 *
 * <p>Concurrency: loads, stores and atomics on owned pages are as in {@code FlatMemory}. The copy of a page on its
 * first write is serialised and re-checked, so two threads first-writing one page do not both copy it; but a
 * thread on a weakly ordered CPU may still read the old shared page briefly after another thread copied it. Share a
 * {@code CowMemory} between threads only after {@link #ownAll()}, or use {@code FlatMemory} for thread teams.
 */
public final class CowMemory implements Memory, PageSource
{
    static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /**
     * Whether the JDK offers atomic access modes on byte-array views: JDK 17 does, JDK 22+ refuses them (a heap
     * byte[] is not guaranteed to be aligned). Without them every atomic holds {@link #atomicLock} instead.
     */
    private static final boolean VAR_HANDLE_ATOMICS =
        INT.isAccessModeSupported(VarHandle.AccessMode.COMPARE_AND_EXCHANGE) &&
        LONG.isAccessModeSupported(VarHandle.AccessMode.COMPARE_AND_EXCHANGE) &&
        SHORT.isAccessModeSupported(VarHandle.AccessMode.GET_VOLATILE);

    private final int initialPages;
    private final int maximumPages;
    private final boolean shared;
    private final MemoryGrowthListener growthListener;
    private final Object monitor = new Object();
    private final Object atomicLock = new Object();
    private boolean keepContentsOnInitialise;
    private DataSegment[] dataSegments;
    private byte[][] pages;
    private boolean[] owned;
    private int ownedCount;
    private AtomicRouter atomicRouter;

    /**
     * Creates a memory of {@code limits.initialPages()} zero pages, all sharing one zero page until written.
     *
     * @param limits         the module's declared limits.
     * @param capPages       the host's cap on the maximum, at most {@link Memory#RUNTIME_MAX_PAGES}.
     * @param growthListener told when a grow is refused.
     */
    public CowMemory(final MemoryLimits limits, final int capPages, final MemoryGrowthListener growthListener)
    {
        this(limits.initialPages(), Math.min(Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES), capPages),
            limits.shared(), growthListener, zeroPages(limits.initialPages()));
    }

    /**
     * Creates a memory with the module's limits and no extra cap.
     *
     * @param limits the module's declared limits.
     */
    public CowMemory(final MemoryLimits limits)
    {
        this(limits, RUNTIME_MAX_PAGES, MemoryGrowthListener.NONE);
    }

    private CowMemory(
        final int initialPages,
        final int maximumPages,
        final boolean shared,
        final MemoryGrowthListener growthListener,
        final byte[][] pages)
    {
        if (pages.length > maximumPages)
        {
            throw new UninstantiableException("memory of " + PageCounts.describe(pages.length) +
                " exceeds the cap of " + PageCounts.describe(maximumPages));
        }
        this.initialPages = initialPages;
        this.maximumPages = maximumPages;
        this.shared = shared;
        this.growthListener = growthListener;
        this.pages = pages;
        this.owned = new boolean[pages.length];
    }

    /**
     * A new memory sharing every page of a snapshot: O(pages) pointer work, no bytes copied. It keeps the
     * snapshot's contents through a module instantiation (see the class comment).
     *
     * @param snapshot       the snapshot to start from.
     * @param capPages       the host's cap on the maximum.
     * @param growthListener told when a grow is refused.
     * @return the fork.
     */
    public static CowMemory fork(
        final MemorySnapshot snapshot, final int capPages, final MemoryGrowthListener growthListener)
    {
        final byte[][] shared = snapshot.pages();
        final CowMemory memory = new CowMemory(shared.length, Math.min(snapshot.maximumPages(), capPages), false,
            growthListener, shared.clone());
        memory.keepContentsOnInitialise = true;
        return memory;
    }

    /**
     * A fork with no host cap beyond the snapshot's maximum.
     *
     * @param snapshot the snapshot to start from.
     * @return the fork.
     */
    public static CowMemory fork(final MemorySnapshot snapshot)
    {
        return fork(snapshot, RUNTIME_MAX_PAGES, MemoryGrowthListener.NONE);
    }

    /**
     * Takes an immutable snapshot: copies the page pointers and marks every page shared again, so the next write
     * to any page copies it. Afterwards {@link #dirtyPageCount()} is 0: dirty now means "written since this
     * snapshot".
     *
     * @return the snapshot.
     */
    public MemorySnapshot snapshot()
    {
        synchronized (monitor)
        {
            final MemorySnapshot snapshot = new MemorySnapshot(pages.clone(), maximumPages);
            Arrays.fill(owned, false);
            ownedCount = 0;
            return snapshot;
        }
    }

    /**
     * Makes this memory equal to a snapshot again, sharing its pages; the pages array is replaced, so the memory
     * may shrink to the snapshot's size. Only for a memory no guest is running on.
     *
     * @param snapshot the snapshot to return to.
     */
    public void restore(final MemorySnapshot snapshot)
    {
        synchronized (monitor)
        {
            if (snapshot.pageCount() > maximumPages)
            {
                throw new IllegalArgumentException("snapshot of " + snapshot.pageCount() +
                    " pages exceeds this memory's maximum of " + maximumPages + " pages");
            }
            pages = snapshot.pages().clone();
            owned = new boolean[pages.length];
            ownedCount = 0;
        }
    }

    /**
     * Takes a snapshot's page by reference, copying no bytes: the page stays shared (snapshots are immutable), so
     * this memory copies it before its next write to it. Fork-mode OpenMP merges a page that only one thread wrote
     * this way, from the snapshot that thread took when it arrived.
     *
     * @param pageIndex the page, below both page counts.
     * @param from      the snapshot whose page this memory takes.
     * @throws IllegalArgumentException when either has no such page.
     */
    public void adoptPage(final int pageIndex, final MemorySnapshot from)
    {
        if (pageIndex < 0 || pageIndex >= pages.length || pageIndex >= from.pageCount())
        {
            throw new IllegalArgumentException("cannot adopt page " + pageIndex + ": this memory has " +
                pages.length + " pages, the snapshot it adopts from " + from.pageCount());
        }
        synchronized (monitor)
        {
            pages[pageIndex] = from.pageArray(pageIndex);
            if (owned[pageIndex])
            {
                owned[pageIndex] = false;
                ownedCount--;
            }
        }
    }

    /**
     * Installs a page the caller built (a merge of several forks' writes), which this memory owns from now on: the
     * caller hands the array over and keeps no reference to it.
     *
     * @param pageIndex the page, below this memory's page count.
     * @param page      the page's new contents, {@link #PAGE_SIZE} bytes.
     * @throws IllegalArgumentException when there is no such page or the array is not a page.
     */
    public void replacePage(final int pageIndex, final byte[] page)
    {
        if (pageIndex < 0 || pageIndex >= pages.length || page.length != PAGE_SIZE)
        {
            throw new IllegalArgumentException("cannot replace page " + pageIndex + " of " + pages.length +
                " with an array of " + page.length + " bytes (a page is " + PAGE_SIZE + ")");
        }
        synchronized (monitor)
        {
            pages[pageIndex] = page;
            if (!owned[pageIndex])
            {
                owned[pageIndex] = true;
                ownedCount++;
            }
        }
    }

    /**
     * Copies every page not yet owned, so that later stores never copy: for memories shared between threads.
     */
    public void ownAll()
    {
        for (int pageIndex = 0; pageIndex < pages.length; pageIndex++)
        {
            writable(pageIndex);
        }
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
     * @return the number of pages written since the baseline (creation, fork or the last {@link #snapshot()}).
     */
    public int dirtyPageCount()
    {
        return ownedCount;
    }

    /**
     * @param pageIndex a page.
     * @return true when the page was written since the baseline.
     */
    public boolean isDirty(final int pageIndex)
    {
        return owned[pageIndex];
    }

    @Override
    public int pageCount()
    {
        return pages.length;
    }

    @Override
    public byte[] pageArray(final int pageIndex)
    {
        return pages[pageIndex];
    }

    @Override
    public int pageOffset(final int pageIndex)
    {
        return 0;
    }

    private static byte[][] zeroPages(final int count)
    {
        final byte[][] pages = new byte[count][];
        Arrays.fill(pages, ZERO_PAGE);
        return pages;
    }

    /**
     * The page to store into, copied first if it is still shared. The typed stores call it only when the store
     * changes a value: storing what a shared page already holds leaves it shared. Why: a runtime or guest that
     * rewrites unchanged values (an OpenMP runtime setting each thread's id cells at every parallel region) would
     * otherwise copy a whole 64 KiB page per thread per region; in fork mode those copies were most of an empty
     * region's 12.9 us.
     */
    private byte[] writable(final int pageIndex)
    {
        if (owned[pageIndex])
        {
            return pages[pageIndex];
        }
        return copyOnWrite(pageIndex);
    }

    private byte[] copyOnWrite(final int pageIndex)
    {
        synchronized (monitor)
        {
            if (!owned[pageIndex])
            {
                pages[pageIndex] = pages[pageIndex].clone();
                owned[pageIndex] = true;
                ownedCount++;
            }
            return pages[pageIndex];
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Size and initialisation
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public int pages()
    {
        return pages.length;
    }

    @Override
    public int grow(final int deltaPages)
    {
        synchronized (monitor)
        {
            final int oldPages = pages.length;
            final long newPages = (long)oldPages + deltaPages;
            if (deltaPages < 0 || newPages > maximumPages)
            {
                growthListener.onGrowRefused(oldPages, deltaPages, maximumPages);
                return -1;
            }
            if (deltaPages > 0)
            {
                final byte[][] grown = Arrays.copyOf(pages, (int)newPages);
                Arrays.fill(grown, oldPages, (int)newPages, ZERO_PAGE);
                owned = Arrays.copyOf(owned, (int)newPages);
                pages = grown;
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
        if (keepContentsOnInitialise)
        {
            keepContentsOnInitialise = false;
            return;
        }
        DataSegments.writeActive(instance, dataSegments, this, sizeBytes());
    }

    @Override
    public void initPassiveSegment(final int segmentId, final int dest, final int offset, final int size)
    {
        final byte[] data = dataSegments[segmentId].data();
        checkBounds(offset, size, data.length);
        write(dest, data, offset, size);
    }

    @Override
    public void drop(final int segment)
    {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    private long sizeBytes()
    {
        return (long)pages.length * PAGE_SIZE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bulk operations: split at page boundaries.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public void write(final int addr, final byte[] data, final int offset, final int size)
    {
        checkBounds(addr, size, sizeBytes());
        int done = 0;
        while (done < size)
        {
            final int at = addr + done;
            final int inPage = at & PAGE_MASK;
            final int chunk = Math.min(size - done, PAGE_SIZE - inPage);
            System.arraycopy(data, offset + done, writable(at >>> PAGE_SHIFT), inPage, chunk);
            done += chunk;
        }
    }

    @Override
    public byte[] readBytes(final int addr, final int len)
    {
        checkBounds(addr, len, sizeBytes());
        final byte[] out = new byte[len];
        int done = 0;
        while (done < len)
        {
            final int at = addr + done;
            final int inPage = at & PAGE_MASK;
            final int chunk = Math.min(len - done, PAGE_SIZE - inPage);
            System.arraycopy(pages[at >>> PAGE_SHIFT], inPage, out, done, chunk);
            done += chunk;
        }
        return out;
    }

    @Override
    public void zero()
    {
        if (keepContentsOnInitialise)
        {
            return;
        }
        synchronized (monitor)
        {
            for (int pageIndex = 0; pageIndex < pages.length; pageIndex++)
            {
                if (pages[pageIndex] != ZERO_PAGE)
                {
                    Arrays.fill(writable(pageIndex), (byte)0);
                }
            }
        }
    }

    @Override
    public void fill(final byte value, final int fromIndex, final int toIndex)
    {
        checkBounds(fromIndex, toIndex - fromIndex, sizeBytes());
        int at = fromIndex;
        while (at < toIndex)
        {
            final int inPage = at & PAGE_MASK;
            final int chunk = Math.min(toIndex - at, PAGE_SIZE - inPage);
            Arrays.fill(writable(at >>> PAGE_SHIFT), inPage, inPage + chunk, value);
            at += chunk;
        }
    }

    @Override
    public void copy(final int dest, final int src, final int size)
    {
        checkBounds(src, size, sizeBytes());
        checkBounds(dest, size, sizeBytes());
        if (size == 0)
        {
            return;
        }
        write(dest, readBytes(src, size), 0, size);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Loads and stores: one page lookup; an access straddling two pages goes byte by byte.
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public byte read(final int addr)
    {
        try
        {
            return pages[addr >>> PAGE_SHIFT][addr & PAGE_MASK];
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeByte(final int addr, final byte data)
    {
        try
        {
            final int pageIndex = addr >>> PAGE_SHIFT;
            if (owned[pageIndex] || pages[pageIndex][addr & PAGE_MASK] != data)
            {
                writable(pageIndex)[addr & PAGE_MASK] = data;
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 1);
        }
    }

    private long readStraddling(final int addr, final int width)
    {
        checkBounds(addr, width, sizeBytes());
        long value = 0;
        for (int i = width - 1; i >= 0; i--)
        {
            value = (value << 8) | (read(addr + i) & 0xFFL);
        }
        return value;
    }

    private void writeStraddling(final int addr, final int width, final long value)
    {
        checkBounds(addr, width, sizeBytes());
        for (int i = 0; i < width; i++)
        {
            writeByte(addr + i, (byte)(value >>> (8 * i)));
        }
    }

    @Override
    public short readShort(final int addr)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 2)
        {
            return (short)readStraddling(addr, 2);
        }
        try
        {
            return (short)SHORT.get(pages[addr >>> PAGE_SHIFT], inPage);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public void writeShort(final int addr, final short data)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 2)
        {
            writeStraddling(addr, 2, data);
            return;
        }
        try
        {
            final int pageIndex = addr >>> PAGE_SHIFT;
            if (owned[pageIndex] || (short)SHORT.get(pages[pageIndex], inPage) != data)
            {
                SHORT.set(writable(pageIndex), inPage, data);
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public long readU16(final int addr)
    {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public int readInt(final int addr)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 4)
        {
            return (int)readStraddling(addr, 4);
        }
        try
        {
            return (int)INT.get(pages[addr >>> PAGE_SHIFT], inPage);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeI32(final int addr, final int data)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 4)
        {
            writeStraddling(addr, 4, data);
            return;
        }
        try
        {
            final int pageIndex = addr >>> PAGE_SHIFT;
            if (owned[pageIndex] || (int)INT.get(pages[pageIndex], inPage) != data)
            {
                INT.set(writable(pageIndex), inPage, data);
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public long readLong(final int addr)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 8)
        {
            return readStraddling(addr, 8);
        }
        try
        {
            return (long)LONG.get(pages[addr >>> PAGE_SHIFT], inPage);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public void writeLong(final int addr, final long data)
    {
        final int inPage = addr & PAGE_MASK;
        if (inPage > PAGE_SIZE - 8)
        {
            writeStraddling(addr, 8, data);
            return;
        }
        try
        {
            final int pageIndex = addr >>> PAGE_SHIFT;
            if (owned[pageIndex] || (long)LONG.get(pages[pageIndex], inPage) != data)
            {
                LONG.set(writable(pageIndex), inPage, data);
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public void writeF32(final int addr, final float data)
    {
        writeI32(addr, Float.floatToRawIntBits(data));
    }

    @Override
    public long readF32(final int addr)
    {
        return readInt(addr);
    }

    @Override
    public float readFloat(final int addr)
    {
        return Float.intBitsToFloat(readInt(addr));
    }

    @Override
    public void writeF64(final int addr, final double data)
    {
        writeLong(addr, Double.doubleToRawLongBits(data));
    }

    @Override
    public double readDouble(final int addr)
    {
        return Double.longBitsToDouble(readLong(addr));
    }

    @Override
    public long readF64(final int addr)
    {
        return readLong(addr);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Atomics: aligned, so never straddling; sequentially consistent VarHandle operations on the owned page, or
    // plain accesses under atomicLock where the JDK refuses atomic byte-array views (JDK 22+).
    // ---------------------------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("removal")
    @Deprecated(forRemoval = true)
    public Object lock(final int address)
    {
        return monitor;
    }

    @Override
    public void atomicFence()
    {
        VarHandle.fullFence();
    }

    private byte[] atomicPage(final int addr, final int width, final boolean forWrite)
    {
        if ((addr & (width - 1)) != 0)
        {
            throw new WasmRuntimeException("unaligned atomic: address " + Integer.toUnsignedString(addr) +
                " is not a multiple of " + width);
        }
        checkBounds(addr, width, sizeBytes());
        return forWrite ? writable(addr >>> PAGE_SHIFT) : pages[addr >>> PAGE_SHIFT];
    }

    @Override
    public int atomicReadInt(final int addr)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.load(this, addr, 4);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, false);
                return readInt(addr);
            }
        }
        return (int)INT.getVolatile(atomicPage(addr, 4, false), addr & PAGE_MASK);
    }

    @Override
    public long atomicReadLong(final int addr)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.load(this, addr, 8);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, false);
                return readLong(addr);
            }
        }
        return (long)LONG.getVolatile(atomicPage(addr, 8, false), addr & PAGE_MASK);
    }

    @Override
    public short atomicReadShort(final int addr)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.load(this, addr, 2);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 2, false);
                return readShort(addr);
            }
        }
        return (short)SHORT.getVolatile(atomicPage(addr, 2, false), addr & PAGE_MASK);
    }

    @Override
    public byte atomicReadByte(final int addr)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.load(this, addr, 1);
        }
        VarHandle.acquireFence();
        return read(addr);
    }

    @Override
    public void atomicWriteInt(final int addr, final int value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            router.store(this, addr, 4, value & 0xFFFF_FFFFL);
            return;
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                writeI32(addr, value);
                return;
            }
        }
        INT.setVolatile(atomicPage(addr, 4, true), addr & PAGE_MASK, value);
    }

    @Override
    public void atomicWriteLong(final int addr, final long value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            router.store(this, addr, 8, value);
            return;
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                writeLong(addr, value);
                return;
            }
        }
        LONG.setVolatile(atomicPage(addr, 8, true), addr & PAGE_MASK, value);
    }

    @Override
    public void atomicWriteShort(final int addr, final short value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            router.store(this, addr, 2, value & 0xFFFFL);
            return;
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 2, true);
                writeShort(addr, value);
                return;
            }
        }
        SHORT.setVolatile(atomicPage(addr, 2, true), addr & PAGE_MASK, value);
    }

    @Override
    public void atomicWriteByte(final int addr, final byte value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            router.store(this, addr, 1, value & 0xFFL);
            return;
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                writeByte(addr, value);
                return;
            }
        }
        writeByte(addr, value);
        VarHandle.fullFence();
    }

    @Override
    public int atomicAddInt(final int addr, final int delta)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.ADD, delta & 0xFFFF_FFFFL, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                writeI32(addr, old + delta);
                return old;
            }
        }
        return (int)INT.getAndAdd(atomicPage(addr, 4, true), addr & PAGE_MASK, delta);
    }

    @Override
    public int atomicAndInt(final int addr, final int mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.AND, mask & 0xFFFF_FFFFL, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                writeI32(addr, old & mask);
                return old;
            }
        }
        return (int)INT.getAndBitwiseAnd(atomicPage(addr, 4, true), addr & PAGE_MASK, mask);
    }

    @Override
    public int atomicOrInt(final int addr, final int mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.OR, mask & 0xFFFF_FFFFL, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                writeI32(addr, old | mask);
                return old;
            }
        }
        return (int)INT.getAndBitwiseOr(atomicPage(addr, 4, true), addr & PAGE_MASK, mask);
    }

    @Override
    public int atomicXorInt(final int addr, final int mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.XOR, mask & 0xFFFF_FFFFL, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                writeI32(addr, old ^ mask);
                return old;
            }
        }
        return (int)INT.getAndBitwiseXor(atomicPage(addr, 4, true), addr & PAGE_MASK, mask);
    }

    @Override
    public int atomicXchgInt(final int addr, final int value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.XCHG, value & 0xFFFF_FFFFL, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                writeI32(addr, value);
                return old;
            }
        }
        return (int)INT.getAndSet(atomicPage(addr, 4, true), addr & PAGE_MASK, value);
    }

    @Override
    public int atomicCmpxchgInt(final int addr, final int expected, final int replacement)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (int)router.readModifyWrite(this, addr, 4, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFFF_FFFFL, replacement & 0xFFFF_FFFFL);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 4, true);
                final int old = readInt(addr);
                if (old == expected)
                {
                    writeI32(addr, replacement);
                }
                return old;
            }
        }
        return (int)INT.compareAndExchange(atomicPage(addr, 4, true), addr & PAGE_MASK, expected, replacement);
    }

    @Override
    public long atomicAddLong(final int addr, final long delta)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.ADD, delta, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                writeLong(addr, old + delta);
                return old;
            }
        }
        return (long)LONG.getAndAdd(atomicPage(addr, 8, true), addr & PAGE_MASK, delta);
    }

    @Override
    public long atomicAndLong(final int addr, final long mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.AND, mask, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                writeLong(addr, old & mask);
                return old;
            }
        }
        return (long)LONG.getAndBitwiseAnd(atomicPage(addr, 8, true), addr & PAGE_MASK, mask);
    }

    @Override
    public long atomicOrLong(final int addr, final long mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.OR, mask, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                writeLong(addr, old | mask);
                return old;
            }
        }
        return (long)LONG.getAndBitwiseOr(atomicPage(addr, 8, true), addr & PAGE_MASK, mask);
    }

    @Override
    public long atomicXorLong(final int addr, final long mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.XOR, mask, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                writeLong(addr, old ^ mask);
                return old;
            }
        }
        return (long)LONG.getAndBitwiseXor(atomicPage(addr, 8, true), addr & PAGE_MASK, mask);
    }

    @Override
    public long atomicXchgLong(final int addr, final long value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.XCHG, value, 0);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                writeLong(addr, value);
                return old;
            }
        }
        return (long)LONG.getAndSet(atomicPage(addr, 8, true), addr & PAGE_MASK, value);
    }

    @Override
    public long atomicCmpxchgLong(final int addr, final long expected, final long replacement)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return router.readModifyWrite(this, addr, 8, AtomicRouter.Op.CMPXCHG, expected, replacement);
        }
        if (!VAR_HANDLE_ATOMICS)
        {
            synchronized (atomicLock)
            {
                atomicPage(addr, 8, true);
                final long old = readLong(addr);
                if (old == expected)
                {
                    writeLong(addr, replacement);
                }
                return old;
            }
        }
        return (long)LONG.compareAndExchange(atomicPage(addr, 8, true), addr & PAGE_MASK, expected, replacement);
    }

    // 8- and 16-bit read-modify-writes: a CAS loop on the aligned 32-bit word holding them.

    private int rmwSubWord(final int addr, final int width, final int operation, final int operand)
    {
        atomicPage(addr, width, true);
        final int wordAddr = addr & ~3;
        final int shift = (addr & 3) * 8;
        final int valueMask = width == 1 ? 0xFF : 0xFFFF;
        final int mask = valueMask << shift;
        while (true)
        {
            final int word = atomicReadInt(wordAddr);
            final int old = (word & mask) >>> shift;
            final int updated;
            switch (operation)
            {
                case 0: updated = old + operand; break;
                case 1: updated = old & operand; break;
                case 2: updated = old | operand; break;
                case 3: updated = old ^ operand; break;
                case 4: updated = operand; break;
                default:
                    if (old != (operand & valueMask))
                    {
                        return old;
                    }
                    updated = operation >>> 8;
                    break;
            }
            final int next = (word & ~mask) | ((updated << shift) & mask);
            if (atomicCmpxchgInt(wordAddr, word, next) == word)
            {
                return old;
            }
        }
    }

    private int cmpxchgSubWord(final int addr, final int width, final int expected, final int replacement)
    {
        final int valueMask = width == 1 ? 0xFF : 0xFFFF;
        return rmwSubWord(addr, width, 5 | ((replacement & valueMask) << 8), expected);
    }

    @Override
    public byte atomicAddByte(final int addr, final byte delta)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.ADD, delta & 0xFFL, 0);
        }
        return (byte)rmwSubWord(addr, 1, 0, delta);
    }

    @Override
    public byte atomicAndByte(final int addr, final byte mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.AND, mask & 0xFFL, 0);
        }
        return (byte)rmwSubWord(addr, 1, 1, mask);
    }

    @Override
    public byte atomicOrByte(final int addr, final byte mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.OR, mask & 0xFFL, 0);
        }
        return (byte)rmwSubWord(addr, 1, 2, mask);
    }

    @Override
    public byte atomicXorByte(final int addr, final byte mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.XOR, mask & 0xFFL, 0);
        }
        return (byte)rmwSubWord(addr, 1, 3, mask);
    }

    @Override
    public byte atomicXchgByte(final int addr, final byte value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.XCHG, value & 0xFFL, 0);
        }
        return (byte)rmwSubWord(addr, 1, 4, value);
    }

    @Override
    public byte atomicCmpxchgByte(final int addr, final byte expected, final byte replacement)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (byte)router.readModifyWrite(this, addr, 1, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFL, replacement & 0xFFL);
        }
        return (byte)cmpxchgSubWord(addr, 1, expected, replacement);
    }

    @Override
    public short atomicAddShort(final int addr, final short delta)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.ADD, delta & 0xFFFFL, 0);
        }
        return (short)rmwSubWord(addr, 2, 0, delta);
    }

    @Override
    public short atomicAndShort(final int addr, final short mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.AND, mask & 0xFFFFL, 0);
        }
        return (short)rmwSubWord(addr, 2, 1, mask);
    }

    @Override
    public short atomicOrShort(final int addr, final short mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.OR, mask & 0xFFFFL, 0);
        }
        return (short)rmwSubWord(addr, 2, 2, mask);
    }

    @Override
    public short atomicXorShort(final int addr, final short mask)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.XOR, mask & 0xFFFFL, 0);
        }
        return (short)rmwSubWord(addr, 2, 3, mask);
    }

    @Override
    public short atomicXchgShort(final int addr, final short value)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.XCHG, value & 0xFFFFL, 0);
        }
        return (short)rmwSubWord(addr, 2, 4, value);
    }

    @Override
    public short atomicCmpxchgShort(final int addr, final short expected, final short replacement)
    {
        final AtomicRouter router = atomicRouter;
        if (router != null)
        {
            return (short)router.readModifyWrite(this, addr, 2, AtomicRouter.Op.CMPXCHG,
                expected & 0xFFFFL, replacement & 0xFFFFL);
        }
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
        throw new WasmRuntimeException("memory.atomic.wait32 on a copy-on-write memory: thread teams share a " +
            "FlatMemory; restore the snapshot into a FlatMemory to use atomic waits");
    }

    @Override
    public int atomicWait(final int addr, final long expected, final long timeoutNs)
    {
        throw new WasmRuntimeException("memory.atomic.wait64 on a copy-on-write memory: thread teams share a " +
            "FlatMemory; restore the snapshot into a FlatMemory to use atomic waits");
    }

    @Override
    public int atomicNotify(final int addr, final int maxThreads)
    {
        atomicPage(addr, 4, false);
        return 0;
    }

    private static void checkBounds(final int addr, final int size, final long limit)
    {
        if (addr < 0 || size < 0 || (long)addr + size > limit)
        {
            throw new WasmRuntimeException(OutOfBoundsAccess.message(addr, size, limit));
        }
    }

    private WasmRuntimeException outOfBounds(final int addr, final int size)
    {
        return new WasmRuntimeException(OutOfBoundsAccess.message(addr, size, sizeBytes()));
    }
}
