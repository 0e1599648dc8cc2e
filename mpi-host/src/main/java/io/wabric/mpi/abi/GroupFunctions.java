package io.wabric.mpi.abi;

import io.wabric.mpi.comm.Group;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.world.MpiRank;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Groups: size, rank, inclusion and exclusion (by list and by ranges), set operations, rank translation,
 * comparison and free. Groups are local objects: nothing here talks to another rank.
 */
final class GroupFunctions
{
    /** Ints per (first, last, stride) triple of MPI_Group_range_incl/excl. */
    private static final int RANGE_INTS = 3;

    private GroupFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Group_size", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.group((int)a[0]).size());
            return 0;
        });
        table.add("MPI_Group_rank", 2, NO_COMM, (abi, a) ->
        {
            final int rank = abi.group((int)a[0]).rankOf(abi.rank.worldRank());
            abi.writeInt((int)a[1], rank < 0 ? Abi.UNDEFINED : rank);
            return 0;
        });
        table.add("MPI_Group_incl", 4, NO_COMM, (abi, a) ->
        {
            final Group group = abi.group((int)a[0]);
            return created(abi, (int)a[3], group.include(ranks(abi, group, (int)a[1], (int)a[2])));
        });
        table.add("MPI_Group_excl", 4, NO_COMM, (abi, a) ->
        {
            final Group group = abi.group((int)a[0]);
            return created(abi, (int)a[3], group.exclude(ranks(abi, group, (int)a[1], (int)a[2])));
        });
        table.add("MPI_Group_range_incl", 4, NO_COMM, (abi, a) ->
        {
            final Group group = abi.group((int)a[0]);
            return created(abi, (int)a[3], group.include(rangeRanks(abi, group, (int)a[1], (int)a[2])));
        });
        table.add("MPI_Group_range_excl", 4, NO_COMM, (abi, a) ->
        {
            final Group group = abi.group((int)a[0]);
            return created(abi, (int)a[3], group.exclude(rangeRanks(abi, group, (int)a[1], (int)a[2])));
        });
        table.add("MPI_Group_union", 3, NO_COMM, (abi, a) ->
            created(abi, (int)a[2], abi.group((int)a[0]).union(abi.group((int)a[1]))));
        table.add("MPI_Group_intersection", 3, NO_COMM, (abi, a) ->
            created(abi, (int)a[2], abi.group((int)a[0]).filter(abi.group((int)a[1]), true)));
        table.add("MPI_Group_difference", 3, NO_COMM, (abi, a) ->
            created(abi, (int)a[2], abi.group((int)a[0]).filter(abi.group((int)a[1]), false)));
        table.add("MPI_Group_translate_ranks", 5, NO_COMM, (abi, a) ->
        {
            final Group from = abi.group((int)a[0]);
            final Group to = abi.group((int)a[3]);
            Abi.checkCount((int)a[1], "n");
            final int[] ranks = abi.readInts((int)a[2], (int)a[1]);
            for (int i = 0; i < ranks.length; i++)
            {
                final int rank = ranks[i];
                int translated;
                if (rank == MatchRules.PROC_NULL)
                {
                    translated = rank;
                }
                else
                {
                    if (rank < 0 || rank >= from.size())
                    {
                        throw new MpiException(MpiError.ERR_RANK, "ranks1[" + i + "]=" + rank +
                            " is not a rank of group1 (size " + from.size() + ")");
                    }
                    translated = to.rankOf(from.worldRank(rank));
                    translated = translated < 0 ? Abi.UNDEFINED : translated;
                }
                abi.writeInt((int)a[4] + 4 * i, translated);
            }
            return 0;
        });
        table.add("MPI_Group_compare", 3, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[2], abi.group((int)a[0]).compare(abi.group((int)a[1])));
            return 0;
        });
        table.add("MPI_Group_free", 1, NO_COMM, (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            abi.group(handle);
            if (handle != MpiRank.GROUP_EMPTY)
            {
                abi.rank.groups().remove(handle);
            }
            abi.writeInt((int)a[0], Abi.GROUP_NULL);
            return 0;
        });
    }

    private static void checkAtMostGroupSize(final Group group, final int count)
    {
        Abi.checkCount(count, "n");
        if (count > group.size())
        {
            // more than the group holds names some rank twice or one outside it: MPI_ERR_RANK, as OpenMPI says
            throw new MpiException(MpiError.ERR_RANK, "n=" + count + " is more than the group's " + group.size() +
                " ranks");
        }
    }

    private static int created(final Abi abi, final int handleAddress, final Group group)
    {
        abi.writeInt(handleAddress, abi.addGroup(group));
        return 0;
    }

    private static int[] ranks(final Abi abi, final Group group, final int count, final int array)
    {
        checkAtMostGroupSize(group, count);
        return checkDistinct(group, abi.readInts(array, count), "ranks");
    }

    /**
     * Expands MPI_Group_range_incl/excl's {@code int ranges[n][3]}: each (first, last, stride) names first,
     * first + stride, ... up to last, counting down for a negative stride. As OpenMPI, a zero stride, a triple
     * whose stride points away from last, a rank outside the group and a rank named twice are MPI_ERR_RANK.
     */
    private static int[] rangeRanks(final Abi abi, final Group group, final int count, final int array)
    {
        // every valid range names at least one rank and no rank twice, so n ranges are at most the group's size
        checkAtMostGroupSize(group, count);
        final int[] triples = abi.readInts(array, RANGE_INTS * count);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            final int first = triples[RANGE_INTS * i];
            final int last = triples[RANGE_INTS * i + 1];
            final int stride = triples[RANGE_INTS * i + 2];
            final String range = "ranges[" + i + "]=(" + first + ", " + last + ", " + stride + ")";
            if (stride == 0)
            {
                throw new MpiException(MpiError.ERR_RANK, range + " has stride 0: use a positive or negative stride");
            }
            if (first < 0 || first >= group.size() || last < 0 || last >= group.size())
            {
                throw new MpiException(MpiError.ERR_RANK, range + " names a rank outside the group (size " +
                    group.size() + "): first and last must be in 0.." + (group.size() - 1));
            }
            if (stride > 0 ? first > last : first < last)
            {
                throw new MpiException(MpiError.ERR_RANK, range + " is empty: the stride must lead from first to" +
                    " last");
            }
            total += ((long)last - first) / stride + 1;
        }
        if (total > group.size())
        {
            throw new MpiException(MpiError.ERR_RANK, "ranges name " + total + " ranks of a group of " +
                group.size() + ": every rank at most once");
        }
        final int[] ranks = new int[(int)total];
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            final int first = triples[RANGE_INTS * i];
            final int stride = triples[RANGE_INTS * i + 2];
            final int length = (triples[RANGE_INTS * i + 1] - first) / stride + 1;
            for (int k = 0; k < length; k++)
            {
                ranks[next++] = first + k * stride;
            }
        }
        return checkDistinct(group, ranks, "ranges");
    }

    private static int[] checkDistinct(final Group group, final int[] ranks, final String what)
    {
        final boolean[] seen = new boolean[group.size()];
        for (int i = 0; i < ranks.length; i++)
        {
            if (ranks[i] < 0 || ranks[i] >= group.size() || seen[ranks[i]])
            {
                throw new MpiException(MpiError.ERR_RANK, what + " name rank " + ranks[i] + (ranks[i] < 0 ||
                    ranks[i] >= group.size() ? ", outside" : " twice in") + " the group (size " + group.size() +
                    "): name distinct ranks 0.." + (group.size() - 1));
            }
            seen[ranks[i]] = true;
        }
        return ranks;
    }
}
