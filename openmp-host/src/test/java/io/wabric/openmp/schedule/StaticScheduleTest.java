package io.wabric.openmp.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaticScheduleTest
{
    @Test
    void shouldCoverEveryIterationOnceWhenUnchunked()
    {
        for (int teamSize = 1; teamSize <= 9; teamSize++)
        {
            final int[] hits = new int[103];
            int lastCount = 0;
            for (int tid = 0; tid < teamSize; tid++)
            {
                final StaticSchedule share = new StaticSchedule().partition(LoopIndex.I32, false, 0, 102, 1, 0, tid,
                    teamSize);
                for (long i = share.lower; i <= share.upper; i++)
                {
                    hits[(int)i]++;
                }
                lastCount += share.last ? 1 : 0;
            }
            for (final int hit : hits)
            {
                assertEquals(1, hit, "team of " + teamSize);
            }
            assertEquals(1, lastCount, "exactly one thread runs the last iteration");
        }
    }

    @Test
    void shouldGiveTheFirstThreadsTheExtraIterationsLikeLibgomp()
    {
        final StaticSchedule first = new StaticSchedule().partition(LoopIndex.I32, false, 0, 9, 1, 0, 0, 4);
        assertEquals(0, first.lower);
        assertEquals(2, first.upper);
        final StaticSchedule third = new StaticSchedule().partition(LoopIndex.I32, false, 0, 9, 1, 0, 2, 4);
        assertEquals(6, third.lower);
        assertEquals(7, third.upper);
    }

    @Test
    void shouldDealChunksRoundRobinWhenChunked()
    {
        final StaticSchedule share = new StaticSchedule().partition(LoopIndex.I32, true, 0, 99, 1, 7, 1, 3);
        assertEquals(7, share.lower);
        assertEquals(13, share.upper);
        assertEquals(21, share.stride);
        assertFalse(share.last, "the last chunk, 14 (98..99), belongs to thread 14 % 3 = 2");
        assertTrue(new StaticSchedule().partition(LoopIndex.I32, true, 0, 99, 1, 7, 2, 3).last);
    }

    @Test
    void shouldHandleUnsignedSixtyFourBitRangesAboveTheSignedLimit()
    {
        final long lower = 0xFFFF_FFFF_FFFF_0000L;
        final long upper = 0xFFFF_FFFF_FFFF_FFFEL;
        assertEquals(0xFFFFL, LoopIndex.U64.tripCount(lower, upper, 1));
        final StaticSchedule share = new StaticSchedule().partition(LoopIndex.U64, false, lower, upper, 1, 0, 1, 2);
        assertEquals(lower + 0x8000L, share.lower);
        assertEquals(upper, share.upper);
    }

    @Test
    void shouldReportNoLastIterationWhenTheLoopIsEmpty()
    {
        final StaticSchedule share = new StaticSchedule().partition(LoopIndex.I32, false, 5, 4, 1, 0, 0, 2);
        assertFalse(share.last);
    }
}
