package io.wabric.snapshot.merge;

import java.util.List;

/**
 * What a merge wrote and which conflicts it resolved.
 */
public final class MergeResult
{
    private final List<MergeConflict> conflicts;
    private final long conflictCount;
    private final long bytesWritten;

    MergeResult(final List<MergeConflict> conflicts, final long conflictCount, final long bytesWritten)
    {
        this.conflicts = List.copyOf(conflicts);
        this.conflictCount = conflictCount;
        this.bytesWritten = bytesWritten;
    }

    /**
     * @return the first conflicts found (at most {@link DiffMerger#MAX_REPORTED_CONFLICTS}), in offset order per fork.
     */
    public List<MergeConflict> conflicts()
    {
        return conflicts;
    }

    /**
     * @return every conflict found, including those not kept in {@link #conflicts()}.
     */
    public long conflictCount()
    {
        return conflictCount;
    }

    /**
     * @return bytes written to the target memory.
     */
    public long bytesWritten()
    {
        return bytesWritten;
    }
}
