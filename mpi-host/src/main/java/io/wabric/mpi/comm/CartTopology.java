package io.wabric.mpi.comm;

/**
 * A Cartesian process grid in any number of dimensions, each periodic or not; ranks in row-major order as
 * MPI requires.
 */
public final class CartTopology
{
    private final int[] dims;
    private final boolean[] periods;

    /**
     * @param dims    processes per dimension.
     * @param periods whether each dimension wraps around.
     */
    public CartTopology(final int[] dims, final boolean[] periods)
    {
        this.dims = dims.clone();
        this.periods = periods.clone();
    }

    /**
     * @return the number of dimensions.
     */
    public int ndims()
    {
        return dims.length;
    }

    /**
     * @param d a dimension.
     * @return its size.
     */
    public int dim(final int d)
    {
        return dims[d];
    }

    /**
     * @param d a dimension.
     * @return whether it is periodic.
     */
    public boolean periodic(final int d)
    {
        return periods[d];
    }

    /**
     * @return the product of the dimensions.
     */
    public int size()
    {
        int size = 1;
        for (final int dim : dims)
        {
            size *= dim;
        }
        return size;
    }

    /**
     * @param rank a rank in the grid.
     * @return its coordinates.
     */
    public int[] coords(final int rank)
    {
        final int[] coords = new int[dims.length];
        int rest = rank;
        for (int d = dims.length - 1; d >= 0; d--)
        {
            coords[d] = rest % dims[d];
            rest /= dims[d];
        }
        return coords;
    }

    /**
     * @param coords coordinates, wrapped in periodic dimensions.
     * @return the rank, or -1 when a coordinate of a non-periodic dimension is out of range.
     */
    public int rank(final int[] coords)
    {
        int rank = 0;
        for (int d = 0; d < dims.length; d++)
        {
            int c = coords[d];
            if (c < 0 || c >= dims[d])
            {
                if (!periods[d])
                {
                    return -1;
                }
                c = Math.floorMod(c, dims[d]);
            }
            rank = rank * dims[d] + c;
        }
        return rank;
    }
}
