package io.wabric.snapshot.merge;

/**
 * What a merge does when two forks wrote one byte of an overwrite region with different values.
 */
public enum ConflictPolicy
{
    /** Report every conflict and write nothing: the merge fails with the first conflict's offset. */
    FAIL,
    /** The fork with the lowest index keeps the byte; conflicts are still reported. */
    LOWEST_FORK_WINS,
    /** The fork with the highest index keeps the byte (last writer in fork order); conflicts are still reported. */
    HIGHEST_FORK_WINS
}
