package io.wabric.snapshot.host;

import io.wabric.snapshot.merge.MergeRegion;

import java.util.ArrayList;
import java.util.List;

/**
 * The merge regions one Faaslet declared, attached to its {@link io.wabric.core.faaslet.FaasletContext}. Thread-safe:
 * several threads of a team may declare regions.
 *
 * <p>Faasm's {@code currentBatch} flag is kept per region: true means the region applies to the forks running now
 * (declared inside a parallel region), false to the next batch of forks (declared before forking).
 */
public final class MergeRegionRegistry
{
    private final List<MergeRegion> regions = new ArrayList<>();
    private final List<Boolean> currentBatch = new ArrayList<>();

    /**
     * Records a region; declaring the same region again is a no-op.
     *
     * @param region       the region.
     * @param inCurrentBatch Faasm's {@code currentBatch} flag.
     * @throws IllegalArgumentException when it overlaps a different region already declared.
     */
    public synchronized void declare(final MergeRegion region, final boolean inCurrentBatch)
    {
        for (int i = 0; i < regions.size(); i++)
        {
            final MergeRegion existing = regions.get(i);
            if (existing.equals(region))
            {
                currentBatch.set(i, currentBatch.get(i) || inCurrentBatch);
                return;
            }
            if (region.offset() < existing.end() && existing.offset() < region.end())
            {
                throw new IllegalArgumentException(region + " overlaps " + existing +
                    ": a variable can be declared with only one type and operation");
            }
        }
        regions.add(region);
        currentBatch.add(inCurrentBatch);
    }

    /**
     * @return every declared region, in declaration order.
     */
    public synchronized List<MergeRegion> regions()
    {
        return List.copyOf(regions);
    }

    /**
     * @return the regions declared with {@code currentBatch} true.
     */
    public synchronized List<MergeRegion> currentBatchRegions()
    {
        final List<MergeRegion> selected = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++)
        {
            if (currentBatch.get(i))
            {
                selected.add(regions.get(i));
            }
        }
        return selected;
    }

    /**
     * Forgets every region, e.g. when a batch of forks has been merged.
     */
    public synchronized void clear()
    {
        regions.clear();
        currentBatch.clear();
    }
}
