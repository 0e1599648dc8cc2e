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
     * MPI_Group_incl: the members at the given ranks, in that order.
     *
     * @param ranks distinct ranks of this group (checked by the caller).
     * @return the new group.
     */
    public Group include(final int[] ranks)
    {
        final int[] members = new int[ranks.length];
        for (int i = 0; i < ranks.length; i++)
        {
            members[i] = worldRanks[ranks[i]];
        }
        return new Group(members);
    }

    /**
     * MPI_Group_excl: the members not at the given ranks, in this group's order.
     *
     * @param ranks distinct ranks of this group (checked by the caller).
     * @return the new group.
     */
    public Group exclude(final int[] ranks)
    {
        final boolean[] excluded = new boolean[worldRanks.length];
        for (final int rank : ranks)
        {
            excluded[rank] = true;
        }
        final int[] members = new int[worldRanks.length - ranks.length];
        int next = 0;
        for (int i = 0; i < worldRanks.length; i++)
        {
            if (!excluded[i])
            {
                members[next++] = worldRanks[i];
            }
        }
        return new Group(members);
    }

    /**
     * MPI_Group_union: this group's members in order, then the other's that are not in this one, in its order.
     *
     * @param other the second group.
     * @return the union.
     */
    public Group union(final Group other)
    {
        final int[] members = Arrays.copyOf(worldRanks, worldRanks.length + other.worldRanks.length);
        int next = worldRanks.length;
        for (final int worldRank : other.worldRanks)
        {
            if (rankOf(worldRank) < 0)
            {
                members[next++] = worldRank;
            }
        }
        return new Group(Arrays.copyOf(members, next));
    }

    /**
     * MPI_Group_intersection (keep = true) or MPI_Group_difference (keep = false): this group's members that are
     * (or are not) in the other, in this group's order.
     *
     * @param other the second group.
     * @param keep  whether to keep the members the other group has.
     * @return the new group.
     */
    public Group filter(final Group other, final boolean keep)
    {
        final int[] members = new int[worldRanks.length];
        int next = 0;
        for (final int worldRank : worldRanks)
        {
            if (other.rankOf(worldRank) >= 0 == keep)
            {
                members[next++] = worldRank;
            }
        }
        return new Group(Arrays.copyOf(members, next));
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
