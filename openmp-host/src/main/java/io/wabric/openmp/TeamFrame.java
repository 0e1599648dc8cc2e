package io.wabric.openmp;

import io.wabric.openmp.schedule.DispatchLoop;

/**
 * A thread's place in one (possibly serialised) parallel region: the team, its number in it, and the region's
 * nesting. Frames link to the encountering thread's frame, which answers {@code omp_get_ancestor_thread_num} and
 * {@code omp_get_team_size}.
 */
final class TeamFrame
{
    final Team team;
    final int threadNum;
    final int level;
    final int activeLevel;
    final TeamFrame parent;
    /** The per-thread counters that pair each thread's k-th single and k-th dispatch loop with the team's. */
    long singlesSeen;
    long loopsSeen;
    DispatchLoop dispatchLoop;
    long dispatchSequence;
    final DispatchLoop.Cursor cursor = new DispatchLoop.Cursor();
    /** The explicit task the thread was running when it entered this region, restored when it leaves. */
    Task enclosingTask;
    private Task implicitTask;

    TeamFrame(final Team team, final int threadNum, final TeamFrame parent)
    {
        this.team = team;
        this.threadNum = threadNum;
        this.parent = parent;
        this.level = parent == null ? 0 : parent.level + 1;
        this.activeLevel = parent == null ? 0 : parent.activeLevel + (team.size() > 1 ? 1 : 0);
    }

    /**
     * Starts the frame over for a new region of the same team (see {@link Team#frame}).
     */
    void reset()
    {
        singlesSeen = 0;
        loopsSeen = 0;
        dispatchLoop = null;
        dispatchSequence = 0;
        enclosingTask = null;
        implicitTask = null;
    }

    /**
     * @return the thread's implicit task in this region, made on first use.
     */
    Task implicitTask()
    {
        Task task = implicitTask;
        if (task == null)
        {
            task = Task.implicit(team);
            implicitTask = task;
        }
        return task;
    }

    /**
     * @param ancestorLevel a nesting level, 0 for the initial thread.
     * @return the frame at that level, or {@code null} outside [0, level].
     */
    TeamFrame atLevel(final int ancestorLevel)
    {
        if (ancestorLevel < 0 || ancestorLevel > level)
        {
            return null;
        }
        TeamFrame frame = this;
        while (frame.level > ancestorLevel)
        {
            frame = frame.parent;
        }
        return frame;
    }
}
