package io.wabric.mpi.comm;

import java.util.Arrays;

/**
 * An ordered set of processes, as world ranks. Immutable.
 */
public final class Group
{
    /** The empty group. */
    public static final Group EMPTY = new Group(new int[0]);

    private final int[] worldRanks;

    /**
     * @param worldRanks the members' world ranks in group rank order.
     */
    public Group(final int[] worldRanks)
    {
        this.worldRanks = worldRanks.clone();
    }

    /**
     * @return the number of members.
     */
    public int size()
    {
        return worldRanks.length;
    }

    /**
     * @param rank a group rank.
     * @return its world rank.
     */
    public int worldRank(final int rank)
    {
        return worldRanks[rank];
    }

    /**
     * @param worldRank a world rank.
     * @return its rank in this group, or -1 when it is not a member.
     */
    public int rankOf(final int worldRank)
    {
        for (int i = 0; i < worldRanks.length; i++)
        {
            if (worldRanks[i] == worldRank)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the members' world ranks in order, a copy.
     */
    public int[] worldRanks()
    {
        return worldRanks.clone();
    }

    /**
     * @param other another group.
     * @return MPI_IDENT (0) for the same members in the same order, MPI_SIMILAR (2) for the same members, else
     *         MPI_UNEQUAL (3).
     */
    public int compare(final Group other)
    {
        if (Arrays.equals(worldRanks, other.worldRanks))
        {
            return 0;
        }
        final int[] a = worldRanks.clone();
        final int[] b = other.worldRanks.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b) ? 2 : 3;
    }
}
