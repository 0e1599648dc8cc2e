package io.wabric.mpi.abi;

import io.wabric.mpi.comm.CartTopology;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.p2p.MatchRules;

import java.util.ArrayList;
import java.util.List;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Cartesian topologies in any number of dimensions with per-dimension periodicity.
 */
final class TopologyFunctions
{
    private TopologyFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Dims_create", 3, NO_COMM, (abi, a) ->
        {
            final int ndims = (int)a[1];
            if (ndims < 0)
            {
                throw new MpiException(MpiError.ERR_DIMS, "ndims=" + ndims + " must be >= 0");
            }
            abi.writeInts((int)a[2], dimsCreate((int)a[0], abi.readInts((int)a[2], ndims)));
            return 0;
        });
        table.add("MPI_Cart_create", 6, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final int ndims = (int)a[1];
            if (ndims < 0)
            {
                throw new MpiException(MpiError.ERR_DIMS, "ndims=" + ndims + " must be >= 0");
            }
            final int[] dims = abi.readInts((int)a[2], ndims);
            final int[] periodFlags = abi.readInts((int)a[3], ndims);
            final boolean[] periods = new boolean[ndims];
            for (int d = 0; d < ndims; d++)
            {
                if (dims[d] <= 0)
                {
                    throw new MpiException(MpiError.ERR_DIMS, "dims[" + d + "]=" + dims[d] + " must be > 0");
                }
                periods[d] = periodFlags[d] != 0;
            }
            final CartTopology topology = new CartTopology(dims, periods);
            if (topology.size() > comm.size())
            {
                throw new MpiException(MpiError.ERR_DIMS, "the grid needs " + topology.size() + " processes but " +
                    comm.name() + " has " + comm.size());
            }
            final boolean member = comm.rank() < topology.size();
            return CommFunctions.created(abi, (int)a[5], CommBuilder.split(abi.rank, comm,
                member ? 0 : Abi.UNDEFINED, comm.rank(), topology, "cart(" + comm.name() + ")"));
        });
        table.add("MPI_Cart_coords", 4, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final CartTopology topology = cart(comm);
            final int rank = (int)a[1];
            if (rank < 0 || rank >= comm.size())
            {
                throw new MpiException(MpiError.ERR_RANK, "rank=" + rank + " is not a rank of " + comm.name() +
                    " (size " + comm.size() + ")");
            }
            final int[] coords = topology.coords(rank);
            abi.writeInts((int)a[3], java.util.Arrays.copyOf(coords, Math.min(coords.length, (int)a[2])));
            return 0;
        });
        table.add("MPI_Cart_rank", 3, 0, (abi, a) ->
        {
            final CartTopology topology = cart(abi.comm((int)a[0]));
            final int[] coords = abi.readInts((int)a[1], topology.ndims());
            final int rank = topology.rank(coords);
            if (rank < 0)
            {
                throw new MpiException(MpiError.ERR_RANK, "coords " + java.util.Arrays.toString(coords) +
                    " are outside the non-periodic grid " + describe(topology));
            }
            abi.writeInt((int)a[2], rank);
            return 0;
        });
        table.add("MPI_Cart_shift", 5, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final CartTopology topology = cart(comm);
            final int direction = (int)a[1];
            if (direction < 0 || direction >= topology.ndims())
            {
                throw new MpiException(MpiError.ERR_ARG, "direction=" + direction + " is not a dimension of the " +
                    topology.ndims() + "-d grid");
            }
            final int[] coords = topology.coords(comm.rank());
            final int here = coords[direction];
            coords[direction] = here - (int)a[2];
            final int source = topology.rank(coords);
            coords[direction] = here + (int)a[2];
            final int dest = topology.rank(coords);
            abi.writeInt((int)a[3], source < 0 ? MatchRules.PROC_NULL : source);
            abi.writeInt((int)a[4], dest < 0 ? MatchRules.PROC_NULL : dest);
            return 0;
        });
        table.add("MPI_Cart_sub", 3, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final CartTopology topology = cart(comm);
            final int[] remain = abi.readInts((int)a[1], topology.ndims());
            final int[] coords = topology.coords(comm.rank());
            final List<Integer> kept = new ArrayList<>();
            int color = 0;
            for (int d = 0; d < topology.ndims(); d++)
            {
                if (remain[d] != 0)
                {
                    kept.add(d);
                }
                else
                {
                    color = color * topology.dim(d) + coords[d];
                }
            }
            final int[] dims = new int[kept.size()];
            final boolean[] periods = new boolean[kept.size()];
            for (int i = 0; i < dims.length; i++)
            {
                dims[i] = topology.dim(kept.get(i));
                periods[i] = topology.periodic(kept.get(i));
            }
            return CommFunctions.created(abi, (int)a[2], CommBuilder.split(abi.rank, comm, color, comm.rank(),
                new CartTopology(dims, periods), "cart_sub(" + comm.name() + ")"));
        });
        table.add("MPI_Cart_get", 5, 0, (abi, a) ->
        {
            final Communicator comm = abi.comm((int)a[0]);
            final CartTopology topology = cart(comm);
            final int n = Math.min((int)a[1], topology.ndims());
            final int[] coords = topology.coords(comm.rank());
            for (int d = 0; d < n; d++)
            {
                abi.writeInt((int)a[2] + 4 * d, topology.dim(d));
                abi.writeInt((int)a[3] + 4 * d, topology.periodic(d) ? 1 : 0);
                abi.writeInt((int)a[4] + 4 * d, coords[d]);
            }
            return 0;
        });
        table.add("MPI_Cartdim_get", 2, 0, (abi, a) ->
        {
            abi.writeInt((int)a[1], cart(abi.comm((int)a[0])).ndims());
            return 0;
        });
    }

    private static CartTopology cart(final Communicator comm)
    {
        if (comm.topology() == null)
        {
            throw new MpiException(MpiError.ERR_TOPOLOGY, comm.name() + " has no Cartesian topology: create it " +
                "with MPI_Cart_create");
        }
        return comm.topology();
    }

    private static String describe(final CartTopology topology)
    {
        final StringBuilder text = new StringBuilder();
        for (int d = 0; d < topology.ndims(); d++)
        {
            text.append(d == 0 ? "" : "x").append(topology.dim(d));
        }
        return text.toString();
    }

    /**
     * MPI_Dims_create: fills the zero entries with a balanced factorisation, largest first.
     */
    static int[] dimsCreate(final int nnodes, final int[] dims)
    {
        int fixed = 1;
        int free = 0;
        for (int d = 0; d < dims.length; d++)
        {
            if (dims[d] < 0)
            {
                throw new MpiException(MpiError.ERR_DIMS, "dims[" + d + "]=" + dims[d] + " must be >= 0");
            }
            if (dims[d] == 0)
            {
                free++;
            }
            else
            {
                fixed *= dims[d];
            }
        }
        if (nnodes <= 0 || nnodes % fixed != 0)
        {
            throw new MpiException(MpiError.ERR_DIMS, "nnodes=" + nnodes + " is not a multiple of the product " +
                fixed + " of the given dims");
        }
        final int[] result = dims.clone();
        if (free == 0)
        {
            if (fixed != nnodes)
            {
                throw new MpiException(MpiError.ERR_DIMS, "the dims multiply to " + fixed + ", not nnodes=" + nnodes);
            }
            return result;
        }
        final List<Integer> factors = new ArrayList<>();
        int rest = nnodes / fixed;
        for (int p = 2; (long)p * p <= rest; p++)
        {
            while (rest % p == 0)
            {
                factors.add(p);
                rest /= p;
            }
        }
        if (rest > 1)
        {
            factors.add(rest);
        }
        final int[] slots = new int[free];
        java.util.Arrays.fill(slots, 1);
        for (int i = factors.size() - 1; i >= 0; i--)
        {
            int smallest = 0;
            for (int s = 1; s < free; s++)
            {
                if (slots[s] < slots[smallest])
                {
                    smallest = s;
                }
            }
            slots[smallest] *= factors.get(i);
        }
        java.util.Arrays.sort(slots);
        int next = free - 1;
        for (int d = 0; d < result.length; d++)
        {
            if (result[d] == 0)
            {
                result[d] = slots[next--];
            }
        }
        return result;
    }
}
