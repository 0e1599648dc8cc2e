package io.wabric.mpi.abi;

import io.wabric.mpi.collective.Collectives;
import io.wabric.mpi.comm.CartTopology;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Group;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.p2p.PointToPoint;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates communicators collectively: every member learns the same context ids and the same member order. One
 * algorithm serves dup, split, split_type, create, cart_create and cart_sub: rank 0 of the parent allocates two
 * context ids per parent rank and broadcasts the base; an allgather of (color, key) lets every rank compute its new
 * group (sorted by key, then parent rank); each new communicator takes the ids of its lowest parent rank.
 * create_group, collective over the group alone, has its own (see {@link #createGroup}).
 */
final class CommBuilder
{
    /** Internal tags of MPI_Comm_create_group: below -2^30, clear of MPI_ANY_TAG and of window replies. */
    private static final int CREATE_GROUP_TAG_BASE = Integer.MIN_VALUE;
    private static final int CREATE_GROUP_TAG_MASK = (1 << 30) - 1;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private CommBuilder()
    {
    }

    /**
     * MPI_Comm_create_group: collective over the group's members only, so the others may be doing anything. The
     * group's rank 0 allocates the context ids and sends them to the other members in the parent's collective
     * context, under an internal (negative) tag made from the user's tag, which no collective or user receive
     * matches; the members keep the group's order.
     *
     * @return this rank's new communicator, or {@code null} when it is not in the group.
     */
    static Communicator createGroup(final MpiRank rank, final Communicator parent, final Group group, final int tag,
        final String name)
    {
        final int myIndex = group.rankOf(rank.worldRank());
        if (myIndex < 0)
        {
            return null;
        }
        final int contextTag = CREATE_GROUP_TAG_BASE + (tag & CREATE_GROUP_TAG_MASK);
        final byte[] base = new byte[4];
        if (myIndex == 0)
        {
            INT.set(base, 0, rank.world().allocateContextIds(2));
            for (int i = 1; i < group.size(); i++)
            {
                PointToPoint.send(rank, parent, parent.collectiveContextId(),
                    parent.group().rankOf(group.worldRank(i)), contextTag, DataRef.host(base));
            }
        }
        else
        {
            final Request receive = PointToPoint.recv(rank, parent.collectiveContextId(),
                parent.group().rankOf(group.worldRank(0)), contextTag, DataRef.host(base));
            PointToPoint.release(rank, receive);
        }
        return new Communicator(name, (int)INT.get(base, 0), group, myIndex, null, parent.errhandler());
    }

    /**
     * @return this rank's new communicator, or {@code null} for color MPI_UNDEFINED.
     */
    static Communicator split(final MpiRank rank, final Communicator parent, final int color, final int key,
        final CartTopology topology, final String name)
    {
        final int size = parent.size();
        final byte[] base = new byte[4];
        if (parent.rank() == 0)
        {
            INT.set(base, 0, rank.world().allocateContextIds(2 * size));
        }
        Collectives.bcast(rank, parent, DataRef.host(base), 0);
        final byte[] pairs = new byte[8 * size];
        INT.set(pairs, 8 * parent.rank(), color);
        INT.set(pairs, 8 * parent.rank() + 4, key);
        final DataRef[] blocks = new DataRef[size];
        for (int r = 0; r < size; r++)
        {
            blocks[r] = DataRef.host(pairs, 8 * r, 8);
        }
        Collectives.allgather(rank, parent, blocks);
        if (color == Abi.UNDEFINED)
        {
            return null;
        }
        final List<int[]> members = new ArrayList<>();
        for (int r = 0; r < size; r++)
        {
            if ((int)INT.get(pairs, 8 * r) == color)
            {
                members.add(new int[] {(int)INT.get(pairs, 8 * r + 4), r});
            }
        }
        members.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]));
        final int[] worldRanks = new int[members.size()];
        int lowest = Integer.MAX_VALUE;
        int newRank = -1;
        for (int i = 0; i < worldRanks.length; i++)
        {
            final int parentRank = members.get(i)[1];
            worldRanks[i] = parent.group().worldRank(parentRank);
            lowest = Math.min(lowest, parentRank);
            if (parentRank == parent.rank())
            {
                newRank = i;
            }
        }
        final int contextId = (int)INT.get(base, 0) + 2 * lowest;
        return new Communicator(name, contextId, new Group(worldRanks), newRank, topology, parent.errhandler());
    }
}
