package io.wabric.snapshot.merge;

/**
 * Two forks wrote one byte with different values, or one fork's change does not fit its region's operation (a
 * product region changed from 0). Immutable.
 */
public final class MergeConflict
{
    private final long offset;
    private final int firstFork;
    private final int secondFork;
    private final long firstValue;
    private final long secondValue;
    private final String what;

    MergeConflict(
        final long offset,
        final int firstFork,
        final int secondFork,
        final long firstValue,
        final long secondValue,
        final String what)
    {
        this.offset = offset;
        this.firstFork = firstFork;
        this.secondFork = secondFork;
        this.firstValue = firstValue;
        this.secondValue = secondValue;
        this.what = what;
    }

    /**
     * @return the memory offset of the conflicting byte or value.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the lower fork index involved.
     */
    public int firstFork()
    {
        return firstFork;
    }

    /**
     * @return the higher fork index involved (equal to {@link #firstFork()} for a single fork's bad change).
     */
    public int secondFork()
    {
        return secondFork;
    }

    /**
     * @return the value the first fork wrote (a byte, or a typed value's raw bits).
     */
    public long firstValue()
    {
        return firstValue;
    }

    /**
     * @return the value the second fork wrote.
     */
    public long secondValue()
    {
        return secondValue;
    }

    @Override
    public String toString()
    {
        return what + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): fork " + firstFork + " wrote " +
            firstValue + ", fork " + secondFork + " wrote " + secondValue;
    }
}
