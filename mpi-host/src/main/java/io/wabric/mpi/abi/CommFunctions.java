package io.wabric.mpi.abi;

import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Group;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.world.MpiRank;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Communicators: creation (dup, split, create, create_group), comparison, free, names and attributes (user
 * keyvals in {@link AttributeFunctions}).
 */
final class CommFunctions
{
    private static final int TOPOLOGY_CART = 2;
    /** MPI_MAX_OBJECT_NAME, OpenMPI's: names keep at most 63 chars. Part of the guest ABI. */
    static final int MAX_OBJECT_NAME = 64;
    /** Predefined attribute keys, OpenMPI's values. Part of the guest ABI. */
    private static final int TAG_UB_KEYVAL = 0;
    private static final int HOST_KEYVAL = 1;
    private static final int IO_KEYVAL = 2;
    private static final int LASTUSEDCODE_KEYVAL = 5;
    private static final int UNIVERSE_SIZE_KEYVAL = 6;
    /** Keys 0..6 are communicator attributes; 7..11 window ones, which no communicator carries. */
    private static final int PREDEFINED_COMM_KEYVALS = 7;
    private static final int LAST_PREDEFINED_KEYVAL = 11;

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
            final Communicator dup = CommBuilder.split(abi.rank, comm, 0, comm.rank(), comm.topology(),
                comm.name() + "'");
            dup.predefinedAttributes(comm.predefinedAttributes());
            final int result = AttributeFunctions.copyAll(abi, (int)a[0], comm, dup);
            if (result != 0)
            {
                // a copy function failed: the duplicate goes, after the deletes of what was copied to it
                AttributeFunctions.deleteAll(abi, Abi.COMM_NULL, dup);
                abi.writeInt((int)a[1], Abi.COMM_NULL);
                return result;
            }
            return created(abi, (int)a[1], dup);
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
            checkSubgroup(comm, group);
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
            final int result = AttributeFunctions.deleteAll(abi, handle, abi.comm(handle));
            if (result != 0)
            {
                return result;
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
        table.add("MPI_Comm_create_group", 4, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final Group group = abi.group((int)a[1]);
            final int tag = (int)a[2];
            Abi.checkTag(tag, false);
            checkSubgroup(comm, group);
            return created(abi, (int)a[3], CommBuilder.createGroup(abi.rank, comm, group, tag,
                "create_group(" + comm.name() + ", " + tag + ")"));
        });
        registerNamesAndAttributes(table);
    }

    private static void registerNamesAndAttributes(final FunctionTable table)
    {
        table.add("MPI_Comm_set_name", 2, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            if ((int)a[1] == 0)
            {
                throw new MpiException(MpiError.ERR_ARG, "comm_name=NULL: pass a NUL-terminated string");
            }
            comm.objectName(abi.readString((int)a[1], MAX_OBJECT_NAME - 1));
            return 0;
        });
        table.add("MPI_Comm_get_name", 3, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            if ((int)a[1] == 0 || (int)a[2] == 0)
            {
                throw new MpiException(MpiError.ERR_ARG, "comm_name=" + a[1] + ", resultlen=" + a[2] +
                    ": pass a buffer of MPI_MAX_OBJECT_NAME chars and an int");
            }
            abi.writeString((int)a[1], (int)a[2], comm.objectName(), MAX_OBJECT_NAME);
            return 0;
        });
        table.add("__wabric_mpi_comm_get_attr", 5, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final int keyval = (int)a[1];
            if ((int)a[2] == 0 || (int)a[3] == 0)
            {
                throw new MpiException(MpiError.ERR_ARG, "attribute_val=" + a[2] + ", flag=" + a[3] +
                    ": pass the address of a pointer and of an int");
            }
            abi.writeInt((int)a[3], 0);
            if (AttributeFunctions.isUserKeyval(abi, keyval))
            {
                abi.writeInt((int)a[3], AttributeFunctions.userAttribute(abi, comm, keyval, (int)a[2]) ? 1 : 0);
                return 0;
            }
            if (keyval < 0 || keyval > LAST_PREDEFINED_KEYVAL)
            {
                throw new MpiException(MpiError.ERR_KEYVAL, "comm_keyval=" + keyval + " is not an attribute key:" +
                    " pass MPI_TAG_UB, MPI_HOST, MPI_IO, MPI_WTIME_IS_GLOBAL, MPI_APPNUM, MPI_LASTUSEDCODE," +
                    " MPI_UNIVERSE_SIZE or one from MPI_Comm_create_keyval");
            }
            final boolean found = comm.predefinedAttributes() && keyval < PREDEFINED_COMM_KEYVALS;
            if (found)
            {
                // the guest's static int[PREDEFINED_COMM_KEYVALS] keeps the value where the pointer stays valid
                final int slot = (int)a[4] + 4 * keyval;
                abi.writeInt(slot, predefinedAttribute(abi, keyval));
                abi.writeInt((int)a[2], slot);
            }
            abi.writeInt((int)a[3], found ? 1 : 0);
            return 0;
        });
    }

    /**
     * The value of a predefined attribute, as OpenMPI gives it: MPI_TAG_UB the largest tag {@link Abi#checkTag}
     * accepts, MPI_HOST MPI_PROC_NULL (no host process), MPI_IO MPI_ANY_SOURCE (every rank can do I/O),
     * MPI_WTIME_IS_GLOBAL 0 (ranks in other processes read other clocks), MPI_APPNUM 0, MPI_LASTUSEDCODE
     * MPI_ERR_LASTCODE, MPI_UNIVERSE_SIZE the world size (Wabric cannot spawn).
     */
    private static int predefinedAttribute(final Abi abi, final int keyval)
    {
        switch (keyval)
        {
            case TAG_UB_KEYVAL:
                return MatchRules.TAG_UB;
            case HOST_KEYVAL:
                return MatchRules.PROC_NULL;
            case IO_KEYVAL:
                return MatchRules.ANY_SOURCE;
            case LASTUSEDCODE_KEYVAL:
                return MpiError.LAST_CODE;
            case UNIVERSE_SIZE_KEYVAL:
                return abi.rank.world().size();
            default:
                return 0;
        }
    }

    /**
     * MPI_Comm_create and MPI_Comm_create_group take a group of the communicator's members.
     */
    private static void checkSubgroup(final Communicator comm, final Group group)
    {
        for (int i = 0; i < group.size(); i++)
        {
            if (comm.group().rankOf(group.worldRank(i)) < 0)
            {
                throw new MpiException(MpiError.ERR_GROUP, "group member " + i + " (world rank " +
                    group.worldRank(i) + ") is not in " + comm.name());
            }
        }
    }

    static int created(final Abi abi, final int handleAddress, final Communicator comm)
    {
        abi.writeInt(handleAddress, comm == null ? Abi.COMM_NULL : abi.rank.comms().add(comm));
        return 0;
    }
}
