package io.wabric.openmp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeamTest
{
    private final OmpThread master = new OmpThread(0, null, Thread.currentThread());
    private final OmpThread worker = new OmpThread(1, null, Thread.currentThread());
    private final Team team = new Team(null, new OmpThread[] {master, worker});
    private final TeamFrame outer = new TeamFrame(new Team(null, new OmpThread[] {master}), 0, null);

    @Test
    void shouldBeReusableOnlyForTheSameThreadsInTheSameOrder()
    {
        assertTrue(team.reusableFor(new OmpThread[] {master, worker}));
        assertFalse(team.reusableFor(new OmpThread[] {worker, master}));
        assertFalse(team.reusableFor(new OmpThread[] {master}));
    }

    @Test
    void shouldNotBeReusableAfterAFailure()
    {
        team.abort(0, new IllegalStateException("trap"));
        assertFalse(team.reusableFor(new OmpThread[] {master, worker}));
    }

    @Test
    void shouldReuseAndResetAFrameWhenTheParentIsTheSame()
    {
        final TeamFrame first = team.frame(1, outer);
        first.singlesSeen = 3;
        first.loopsSeen = 2;
        assertTrue(team.claimSingle(team.frame(0, outer)));
        team.reset();
        final TeamFrame second = team.frame(1, outer);
        assertSame(first, second);
        assertEquals(0, second.singlesSeen);
        assertEquals(0, second.loopsSeen);
        assertNull(second.dispatchLoop);
        assertTrue(team.claimSingle(team.frame(0, outer)), "the single counter restarts with the region");
    }

    @Test
    void shouldMakeANewFrameForAnotherParent()
    {
        final TeamFrame first = team.frame(1, outer);
        final TeamFrame other = new TeamFrame(new Team(null, new OmpThread[] {master}), 0, null);
        assertNotSame(first, team.frame(1, other));
    }
}
