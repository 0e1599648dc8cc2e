package io.wabric.openmp.schedule;

/**
 * libomp's static partition of a loop {@code for (i = lower; i <= upper; i += increment)} among a team, as
 * {@code __kmpc_for_static_init_*} returns it: the same split libgomp makes, so programs see the same iterations
 * on the same threads as natively.
 *
 * <pre>
 *   unchunked: trip / nth iterations each, the first (trip % nth) threads one more, in thread order
 *   chunked:   chunk k goes to thread k % nth; stride = chunk * increment * nth
 * </pre>
 */
public final class StaticSchedule
{
    /** Result: the thread's first value. */
    public long lower;
    /** Result: the thread's last value (inclusive), or for chunked loops the end of its first chunk. */
    public long upper;
    /** Result: distance between a thread's consecutive chunks. */
    public long stride;
    /** Result: whether the thread runs the loop's last iteration. */
    public boolean last;

    /**
     * Fills in this thread's share.
     *
     * @param index     the loop variable's type.
     * @param chunked   true for {@code schedule(static, chunk)}.
     * @param lowerIn   the loop's first value.
     * @param upperIn   the loop's last value, inclusive.
     * @param increment the step.
     * @param chunkIn   the chunk for chunked loops.
     * @param threadNum this thread's number in the team.
     * @param teamSize  threads in the team.
     * @return this.
     */
    public StaticSchedule partition(
        final LoopIndex index,
        final boolean chunked,
        final long lowerIn,
        final long upperIn,
        final long increment,
        final long chunkIn,
        final int threadNum,
        final int teamSize)
    {
        final long trip = index.tripCount(lowerIn, upperIn, increment);
        lower = lowerIn;
        upper = upperIn;
        if (trip == 0)
        {
            last = false;
            stride = increment;
            return this;
        }
        if (chunked)
        {
            final long chunk = Math.max(1, chunkIn);
            final long span = chunk * increment;
            stride = span * teamSize;
            lower = lowerIn + span * threadNum;
            upper = lower + span - increment;
            last = threadNum == Long.remainderUnsigned(Long.divideUnsigned(trip - 1, chunk), teamSize);
            return this;
        }
        stride = trip * increment;
        if (teamSize == 1)
        {
            last = true;
            return this;
        }
        if (Long.compareUnsigned(trip, teamSize) < 0)
        {
            if (threadNum < trip)
            {
                lower = lowerIn + threadNum * increment;
                upper = lower;
            }
            else
            {
                lower = upperIn + increment;
                upper = upperIn;
            }
            last = threadNum == trip - 1;
            return this;
        }
        final long small = Long.divideUnsigned(trip, teamSize);
        final long extras = Long.remainderUnsigned(trip, teamSize);
        lower = lowerIn + increment * (threadNum * small + Math.min(threadNum, extras));
        upper = lower + small * increment - (threadNum < extras ? 0 : increment);
        last = threadNum == teamSize - 1;
        return this;
    }
}
