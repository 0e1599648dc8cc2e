package io.wabric.snapshot.merge;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.memory.MemorySnapshot;
import io.wabric.snapshot.wire.DiffDecoder;
import org.agrona.collections.Int2ObjectHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Merges several forks' diffs of one snapshot into a memory holding that snapshot.
 *
 * <pre>{@code
 * DiffMerger merger = new DiffMerger(regions, ConflictPolicy.FAIL);
 * MergeResult result = merger.merge(snapshot, List.of(fork0Diff, fork1Diff), memory);
 * }</pre>
 *
 * <p>Deterministic: forks are combined in fork-index order whatever order their diffs arrived in, so integer
 * reductions and disjoint writes give the same memory for any arrival order, and float sums the same for a given
 * numbering of forks.
 * <ul>
 *   <li>Bytes outside typed regions (and in {@link MergeOp#OVERWRITE} regions) merge byte by byte: every fork's
 *   changed bytes land; two forks changing one byte to different values is a {@link MergeConflict} with the
 *   offset. Unlike Faabric's XOR diffs, a conflict is never silent garbage.</li>
 *   <li>Typed regions combine every fork's value per element: sums add each fork's change (integers wrap like C),
 *   integer products are exact (see {@link ProductMath}), max/min take the extreme of all forks' values (NaN wins,
 *   {@code -0.0 < 0.0}). An element no fork changed keeps the base's exact bits (so {@code -0.0} and NaN payloads
 *   survive); an element one fork changed gets that fork's exact bits.</li>
 * </ul>
 * Every diff is validated before anything is written, and with {@link ConflictPolicy#FAIL} a conflict writes
 * nothing. Not thread-safe.
 */
public final class DiffMerger
{
    /** Conflicts kept in a {@link MergeResult}; the count covers all. */
    public static final int MAX_REPORTED_CONFLICTS = 64;

    private static final int PAGE_SIZE = Memory.PAGE_SIZE;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MergeRegion[] regions;
    private final ConflictPolicy policy;
    private final List<MergeConflict> conflicts = new ArrayList<>();
    private long conflictCount;

    /**
     * @param regions typed regions; they must not overlap. Everything else merges byte by byte.
     * @param policy  what to do about conflicting bytes.
     */
    public DiffMerger(final List<MergeRegion> regions, final ConflictPolicy policy)
    {
        final MergeRegion[] sorted = regions.toArray(new MergeRegion[0]);
        Arrays.sort(sorted, Comparator.comparingInt(MergeRegion::offset));
        for (int i = 1; i < sorted.length; i++)
        {
            if (sorted[i].offset() < sorted[i - 1].end())
            {
                throw new IllegalArgumentException("merge regions overlap: " + sorted[i - 1] + " and " + sorted[i] +
                    ": declare each variable once");
            }
        }
        this.regions = sorted;
        this.policy = policy;
    }

    /** One page of byte-wise results: the merged bytes and, per byte, the position of the fork that wrote it. */
    private static final class PageClaim
    {
        final byte[] value = new byte[PAGE_SIZE];
        final short[] writer = new short[PAGE_SIZE];
    }

    /**
     * Merges the forks' diffs and writes the result to {@code target}.
     *
     * @param base   the snapshot every fork started from.
     * @param forks  one diff per fork, in any order; fork indices unique.
     * @param target a memory holding {@code base} (a fork of it, or the main instance's restored memory); it is
     *               grown to the largest fork's size.
     * @return what was written and the conflicts resolved.
     * @throws SnapshotException for an invalid diff, a diff of another base, or a conflict under
     *                           {@link ConflictPolicy#FAIL}; nothing is written then.
     */
    public MergeResult merge(final MemorySnapshot base, final List<ForkDiff> forks, final Memory target)
    {
        conflicts.clear();
        conflictCount = 0;
        final ForkDiff[] ordered = forks.toArray(new ForkDiff[0]);
        Arrays.sort(ordered, Comparator.comparingInt(ForkDiff::forkIndex));
        if (ordered.length >= Short.MAX_VALUE)
        {
            throw new IllegalArgumentException(ordered.length + " forks: at most " + (Short.MAX_VALUE - 1) +
                " can merge at once");
        }
        final DiffDecoder[] decoders = new DiffDecoder[ordered.length];
        int targetPages = base.pageCount();
        for (int position = 0; position < ordered.length; position++)
        {
            if (position > 0 && ordered[position].forkIndex() == ordered[position - 1].forkIndex())
            {
                throw new IllegalArgumentException("fork index " + ordered[position].forkIndex() +
                    " given twice: each fork's diff must have its own index");
            }
            final ForkDiff fork = ordered[position];
            try
            {
                decoders[position] = new DiffDecoder().wrap(fork.buffer(), fork.offset(), fork.length());
            }
            catch (final SnapshotException ex)
            {
                throw new SnapshotException("fork " + fork.forkIndex() + ": " + ex.getMessage(), ex);
            }
            if (decoders[position].basePages() != base.pageCount())
            {
                throw new SnapshotException("fork " + fork.forkIndex() + "'s diff has a base of " +
                    decoders[position].basePages() + " pages but the snapshot has " + base.pageCount() +
                    ": it was not taken against this snapshot");
            }
            targetPages = Math.max(targetPages, decoders[position].targetPages());
        }

        final Int2ObjectHashMap<PageClaim> claims = new Int2ObjectHashMap<>();
        final byte[][][] views = new byte[regions.length][ordered.length][];
        for (int position = 0; position < ordered.length; position++)
        {
            collect(base, position, ordered, decoders[position], claims, views);
        }
        final byte[][] typedResults = new byte[regions.length][];
        final long targetBytes = (long)targetPages * PAGE_SIZE;
        for (int r = 0; r < regions.length; r++)
        {
            // A region no fork changed keeps the target's bytes, so it is neither combined nor written: it may even
            // lie beyond every fork's memory (declared for a later batch).
            if (!regions[r].isByteWise() && regions[r].op() != MergeOp.IGNORE && anyChanged(views[r]))
            {
                if (regions[r].end() > targetBytes)
                {
                    throw new SnapshotException(regions[r] + " ends at byte " + regions[r].end() + ", beyond the " +
                        "merged memory of " + targetBytes + " bytes, yet a fork changed part of it: declare " +
                        "reductions only over variables inside memory; nothing written");
                }
                typedResults[r] = combine(base, regions[r], views[r], ordered);
            }
        }
        if (policy == ConflictPolicy.FAIL && conflictCount > 0)
        {
            throw new SnapshotException(conflictCount + " merge conflict(s), nothing written; first: " +
                conflicts.get(0) + ". Declare the variable as a reduction (FAASM_REDUCE / __faasm_sm_reduce) or allow " +
                "resolution by fork index");
        }
        return new MergeResult(conflicts, conflictCount, write(target, targetPages, claims, typedResults));
    }

    private void collect(
        final MemorySnapshot base,
        final int position,
        final ForkDiff[] ordered,
        final DiffDecoder diff,
        final Int2ObjectHashMap<PageClaim> claims,
        final byte[][][] views)
    {
        final byte[] array = diff.buffer().byteArray();
        while (diff.nextRun())
        {
            final long runEnd = (long)diff.runOffset() + diff.runLength();
            long at = diff.runOffset();
            int r = firstRegionEndingAfter(at);
            while (at < runEnd)
            {
                final MergeRegion region = r < regions.length ? regions[r] : null;
                if (region == null || at < region.offset())
                {
                    final long pieceEnd = region == null ? runEnd : Math.min(runEnd, region.offset());
                    for (long address = at; address < pieceEnd; address++)
                    {
                        claimByte(claims, (int)address, byteAt(diff, array, address), position, ordered);
                    }
                    at = pieceEnd;
                    continue;
                }
                final long pieceEnd = Math.min(runEnd, region.end());
                if (region.isByteWise())
                {
                    for (long address = at; address < pieceEnd; address++)
                    {
                        claimByte(claims, (int)address, byteAt(diff, array, address), position, ordered);
                    }
                }
                else if (region.op() != MergeOp.IGNORE)
                {
                    byte[] view = views[r][position];
                    if (view == null)
                    {
                        view = regionBytes(base, region);
                        views[r][position] = view;
                    }
                    for (long address = at; address < pieceEnd; address++)
                    {
                        view[(int)(address - region.offset())] = byteAt(diff, array, address);
                    }
                }
                at = pieceEnd;
                r++;
            }
        }
    }

    private static byte byteAt(final DiffDecoder diff, final byte[] array, final long address)
    {
        final int index = diff.runDataIndex() + (int)(address - diff.runOffset());
        return array != null ? array[diff.buffer().wrapAdjustment() + index] : diff.buffer().getByte(index);
    }

    private int firstRegionEndingAfter(final long address)
    {
        int low = 0;
        int high = regions.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (regions[mid].end() <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private static byte[] regionBytes(final MemorySnapshot base, final MergeRegion region)
    {
        final byte[] bytes = new byte[region.length()];
        final long baseBytes = base.sizeBytes();
        final int readable = (int)Math.max(0, Math.min(region.length(), baseBytes - region.offset()));
        if (readable > 0)
        {
            base.read(region.offset(), bytes, 0, readable);
        }
        return bytes;
    }

    private void claimByte(
        final Int2ObjectHashMap<PageClaim> claims,
        final int address,
        final byte value,
        final int position,
        final ForkDiff[] ordered)
    {
        final int pageIndex = address >>> 16;
        PageClaim claim = claims.get(pageIndex);
        if (claim == null)
        {
            claim = new PageClaim();
            claims.put(pageIndex, claim);
        }
        final int inPage = address & (PAGE_SIZE - 1);
        final int writer = claim.writer[inPage];
        if (writer != 0 && claim.value[inPage] != value)
        {
            report(address, ordered[writer - 1].forkIndex(), ordered[position].forkIndex(),
                claim.value[inPage] & 0xFF, value & 0xFF, "conflicting writes");
            if (policy != ConflictPolicy.HIGHEST_FORK_WINS)
            {
                return;
            }
        }
        claim.value[inPage] = value;
        claim.writer[inPage] = (short)(position + 1);
    }

    private void report(
        final long offset, final int firstFork, final int secondFork, final long first, final long second,
        final String what)
    {
        conflictCount++;
        if (conflicts.size() < MAX_REPORTED_CONFLICTS)
        {
            conflicts.add(new MergeConflict(offset, firstFork, secondFork, first, second, what));
        }
    }

    private byte[] combine(final MemorySnapshot base, final MergeRegion region, final byte[][] views, final ForkDiff[] ordered)
    {
        final byte[] baseBytes = regionBytes(base, region);
        final byte[] result = baseBytes.clone();
        final int width = region.type().widthBytes();
        final ElementCombiner combiner = new ElementCombiner(region, ordered, this);
        for (int index = 0; index < region.length(); index += width)
        {
            final long baseBits = bits(baseBytes, index, width);
            combiner.start(baseBits, region.offset() + index);
            for (int position = 0; position < views.length; position++)
            {
                final long forkBits = views[position] == null ? baseBits : bits(views[position], index, width);
                combiner.add(position, forkBits, forkBits != baseBits);
            }
            final long merged = combiner.finish();
            if (width == 4)
            {
                INT.set(result, index, (int)merged);
            }
            else
            {
                LONG.set(result, index, merged);
            }
        }
        return result;
    }

    private static boolean anyChanged(final byte[][] forkViews)
    {
        for (final byte[] view : forkViews)
        {
            if (view != null)
            {
                return true;
            }
        }
        return false;
    }

    private static long bits(final byte[] bytes, final int index, final int width)
    {
        return width == 4 ? (int)INT.get(bytes, index) & 0xFFFF_FFFFL : (long)LONG.get(bytes, index);
    }

    void reportValue(final long offset, final int fork, final long baseBits, final long forkBits, final String what)
    {
        report(offset, fork, fork, baseBits, forkBits, what);
    }

    private long write(
        final Memory target, final int targetPages, final Int2ObjectHashMap<PageClaim> claims,
        final byte[][] typedResults)
    {
        if (target.pages() < targetPages && target.grow(targetPages - target.pages()) < 0)
        {
            throw new SnapshotException("cannot grow the merge target from " + target.pages() + " to " + targetPages +
                " pages: its maximum is " + target.maximumPages() + " pages");
        }
        long written = 0;
        final int[] pageIndices = new int[claims.size()];
        int count = 0;
        for (final Int2ObjectHashMap<PageClaim>.KeyIterator keys = claims.keySet().iterator(); keys.hasNext();)
        {
            pageIndices[count++] = keys.nextInt();
        }
        Arrays.sort(pageIndices);
        for (final int pageIndex : pageIndices)
        {
            final PageClaim claim = claims.get(pageIndex);
            int at = 0;
            while (at < PAGE_SIZE)
            {
                if (claim.writer[at] == 0)
                {
                    at++;
                    continue;
                }
                int end = at + 1;
                while (end < PAGE_SIZE && claim.writer[end] != 0)
                {
                    end++;
                }
                target.write(pageIndex * PAGE_SIZE + at, claim.value, at, end - at);
                written += end - at;
                at = end;
            }
        }
        for (int r = 0; r < regions.length; r++)
        {
            if (typedResults[r] != null)
            {
                target.write(regions[r].offset(), typedResults[r], 0, typedResults[r].length);
                written += typedResults[r].length;
            }
        }
        return written;
    }
}
