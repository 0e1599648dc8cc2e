package io.wabric.mpi.abi;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Group;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.world.MpiRank;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Communicators, groups and error handlers.
 */
final class CommFunctions
{
    private static final int TOPOLOGY_CART = 2;

    private CommFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Comm_rank", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.comm((int)a[0]).rank());
            return 0;
        });
        table.add("MPI_Comm_size", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.comm((int)a[0]).size());
            return 0;
        });
        table.add("MPI_Comm_dup", 2, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            return created(abi, (int)a[1], CommBuilder.split(abi.rank, comm, 0, comm.rank(), comm.topology(),
                comm.name() + "'"));
        });
        table.add("MPI_Comm_split", 4, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final int color = (int)a[1];
            if (color < 0 && color != Abi.UNDEFINED)
            {
                throw new MpiException(MpiError.ERR_ARG, "color=" + color + " must be >= 0 or MPI_UNDEFINED");
            }
            return created(abi, (int)a[3], CommBuilder.split(abi.rank, comm, color, (int)a[2], null,
                "split(" + comm.name() + ", " + color + ")"));
        });
        table.add("MPI_Comm_split_type", 5, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final int type = (int)a[1];
            if (type != 1 && type != Abi.UNDEFINED)
            {
                throw new MpiException(MpiError.ERR_ARG, "split_type=" + type +
                    " is not MPI_COMM_TYPE_SHARED or MPI_UNDEFINED");
            }
            return created(abi, (int)a[4], CommBuilder.split(abi.rank, comm, type == 1 ? 0 : Abi.UNDEFINED,
                (int)a[2], null, "shared(" + comm.name() + ")"));
        });
        table.add("MPI_Comm_create", 3, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final Group group = abi.group((int)a[1]);
            for (int i = 0; i < group.size(); i++)
            {
                if (comm.group().rankOf(group.worldRank(i)) < 0)
                {
                    throw new MpiException(MpiError.ERR_GROUP, "group member " + i + " (world rank " +
                        group.worldRank(i) + ") is not in " + comm.name());
                }
            }
            final int myIndex = group.rankOf(abi.rank.worldRank());
            return created(abi, (int)a[2], CommBuilder.split(abi.rank, comm, myIndex < 0 ? Abi.UNDEFINED : 0,
                myIndex, null, "create(" + comm.name() + ")"));
        });
        table.add("MPI_Comm_compare", 3, NO_COMM, (abi, a) ->
        {
            final Communicator first = abi.comm((int)a[0]);
            final Communicator second = abi.comm((int)a[1]);
            final int groups = first.group().compare(second.group());
            abi.writeInt((int)a[2], first.contextId() == second.contextId() ? 0 : groups == 0 ? 1 : groups);
            return 0;
        });
        table.add("MPI_Comm_free", 1, NO_COMM, (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            abi.comm(handle);
            if (handle == MpiRank.COMM_WORLD || handle == MpiRank.COMM_SELF)
            {
                throw new MpiException(MpiError.ERR_COMM, "MPI_COMM_WORLD and MPI_COMM_SELF cannot be freed");
            }
            abi.rank.comms().remove(handle);
            abi.writeInt((int)a[0], Abi.COMM_NULL);
            return 0;
        });
        table.add("MPI_Comm_group", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.addGroup(abi.comm((int)a[0]).group()));
            return 0;
        });
        table.add("MPI_Comm_test_inter", 2, 0, (abi, a) ->
        {
            abi.comm((int)a[0]);
            abi.writeInt((int)a[1], 0);
            return 0;
        });
        table.add("MPI_Topo_test", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.comm((int)a[0]).topology() != null ? TOPOLOGY_CART : Abi.UNDEFINED);
            return 0;
        });
        table.add("MPI_Comm_set_errhandler", 2, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final int handler = (int)a[1];
            if (handler != MpiRank.ERRORS_ARE_FATAL && handler != MpiRank.ERRORS_RETURN)
            {
                throw new MpiException(MpiError.ERR_ARG, "errhandler=" + handler +
                    " is not MPI_ERRORS_ARE_FATAL or MPI_ERRORS_RETURN");
            }
            comm.errhandler(handler);
            return 0;
        });
        table.add("MPI_Comm_get_errhandler", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.comm((int)a[0]).errhandler());
            return 0;
        });
        registerGroups(table);
    }

    private static void registerGroups(final FunctionTable table)
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
            final int[] ranks = ranks(abi, group, (int)a[1], (int)a[2]);
            final int[] members = new int[ranks.length];
            for (int i = 0; i < ranks.length; i++)
            {
                members[i] = group.worldRank(ranks[i]);
            }
            abi.writeInt((int)a[3], abi.addGroup(new Group(members)));
            return 0;
        });
        table.add("MPI_Group_excl", 4, NO_COMM, (abi, a) ->
        {
            final Group group = abi.group((int)a[0]);
            final int[] ranks = ranks(abi, group, (int)a[1], (int)a[2]);
            final boolean[] excluded = new boolean[group.size()];
            for (final int rank : ranks)
            {
                excluded[rank] = true;
            }
            final int[] members = new int[group.size() - ranks.length];
            int next = 0;
            for (int i = 0; i < group.size(); i++)
            {
                if (!excluded[i])
                {
                    members[next++] = group.worldRank(i);
                }
            }
            abi.writeInt((int)a[3], abi.addGroup(new Group(members)));
            return 0;
        });
        table.add("MPI_Group_translate_ranks", 5, NO_COMM, (abi, a) ->
        {
            final Group from = abi.group((int)a[0]);
            final Group to = abi.group((int)a[3]);
            final int[] ranks = abi.readInts((int)a[2], Math.max(0, (int)a[1]));
            for (int i = 0; i < ranks.length; i++)
            {
                final int rank = ranks[i];
                int translated;
                if (rank == io.wabric.mpi.p2p.MatchRules.PROC_NULL)
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

    private static int[] ranks(final Abi abi, final Group group, final int count, final int array)
    {
        Abi.checkCount(count, "n");
        final int[] ranks = abi.readInts(array, count);
        final boolean[] seen = new boolean[group.size()];
        for (int i = 0; i < count; i++)
        {
            if (ranks[i] < 0 || ranks[i] >= group.size() || seen[ranks[i]])
            {
                throw new MpiException(MpiError.ERR_RANK, "ranks[" + i + "]=" + ranks[i] + " is not a distinct rank" +
                    " of the group (size " + group.size() + ")");
            }
            seen[ranks[i]] = true;
        }
        return ranks;
    }

    static int created(final Abi abi, final int handleAddress, final Communicator comm)
    {
        abi.writeInt(handleAddress, comm == null ? Abi.COMM_NULL : abi.rank.comms().add(comm));
        return 0;
    }
}
