/* Communicators, groups and Cartesian topologies. */
#include "check.h"

static int rank, size;

static void dup_split_create(void)
{
    MPI_Comm dup, halves, shared, evens;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    int result;
    MPI_Comm_compare(MPI_COMM_WORLD, dup, &result);
    CHECK(result == MPI_CONGRUENT, "compare world/dup %d", result);
    MPI_Comm_compare(dup, dup, &result);
    CHECK(result == MPI_IDENT, "compare dup/dup %d", result);
    /* a message on dup must not match a receive on world */
    int v = rank, got = -1, flag;
    MPI_Send(&v, 1, MPI_INT, rank, 0, dup);
    MPI_Iprobe(rank, 0, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "message on dup visible on world");
    MPI_Recv(&got, 1, MPI_INT, rank, 0, dup, MPI_STATUS_IGNORE);
    CHECK(got == rank, "self message on dup");
    /* split into halves, keys reversing the order */
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, size - rank, &halves);
    int hrank, hsize, sum;
    MPI_Comm_rank(halves, &hrank);
    MPI_Comm_size(halves, &hsize);
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, halves);
    REPORT("half %d: rank %d of %d, world ranks sum %d", rank % 2, hrank, hsize, sum);
    MPI_Comm_compare(MPI_COMM_WORLD, halves, &result);
    CHECK(size == 1 ? result == MPI_CONGRUENT : result == MPI_UNEQUAL, "compare world/halves %d", result);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &shared);
    int ssize;
    MPI_Comm_size(shared, &ssize);
    CHECK(ssize == size, "shared size %d", ssize);
    MPI_Comm none;
    MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? MPI_UNDEFINED : 1, 0, &none);
    CHECK((rank == 0) == (none == MPI_COMM_NULL), "undefined color gives MPI_COMM_NULL");
    /* groups */
    MPI_Group world, even, odd;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int evenCount = (size + 1) / 2;
    int ranks[64];
    for (int i = 0; i < evenCount; i++)
    {
        ranks[i] = 2 * i;
    }
    MPI_Group_incl(world, evenCount, ranks, &even);
    MPI_Group_excl(world, evenCount, ranks, &odd);
    int gsize, grank, osize;
    MPI_Group_size(even, &gsize);
    MPI_Group_rank(even, &grank);
    MPI_Group_size(odd, &osize);
    CHECK(gsize == evenCount && osize == size - evenCount, "group sizes %d %d", gsize, osize);
    CHECK(rank % 2 == 0 ? grank == rank / 2 : grank == MPI_UNDEFINED, "group rank %d", grank);
    int translated[64];
    MPI_Group_translate_ranks(even, evenCount, (int[]){0, 1, 2, 3, 4, 5, 6, 7}, world, translated);
    for (int i = 0; i < evenCount && i < 8; i++)
    {
        CHECK(translated[i] == 2 * i, "translate %d -> %d", i, translated[i]);
    }
    MPI_Group_compare(world, even, &result);
    CHECK(size == 1 ? result == MPI_IDENT : result == MPI_UNEQUAL, "group compare %d", result);
    MPI_Comm_create(MPI_COMM_WORLD, even, &evens);
    if (rank % 2 == 0)
    {
        int erank, esize;
        MPI_Comm_rank(evens, &erank);
        MPI_Comm_size(evens, &esize);
        int total;
        MPI_Allreduce(&rank, &total, 1, MPI_INT, MPI_SUM, evens);
        REPORT("evens: rank %d of %d, sum %d", erank, esize, total);
        MPI_Comm_free(&evens);
    }
    else
    {
        CHECK(evens == MPI_COMM_NULL, "odd rank got a communicator from Comm_create");
    }
    MPI_Group_free(&even);
    MPI_Group_free(&odd);
    MPI_Group_free(&world);
    CHECK(world == MPI_GROUP_NULL, "group_free sets MPI_GROUP_NULL");
    if (none != MPI_COMM_NULL)
    {
        MPI_Comm_free(&none);
    }
    MPI_Comm_free(&shared);
    MPI_Comm_free(&halves);
    MPI_Comm_free(&dup);
    CHECK(dup == MPI_COMM_NULL, "comm_free sets MPI_COMM_NULL");
}

static void cartesian(void)
{
    int dims2[2] = {0, 0}, dims3[3] = {0, 2, 0}, dims12[2] = {0, 0};
    MPI_Dims_create(size, 2, dims2);
    MPI_Dims_create(12, 2, dims12);
    MPI_Dims_create(4 * size, 3, dims3);
    if (rank == 0)
    {
        REPORT("dims_create %d: %d x %d; 12: %d x %d; %d with 2 fixed: %d x %d x %d", size, dims2[0], dims2[1],
            dims12[0], dims12[1], 4 * size, dims3[0], dims3[1], dims3[2]);
    }
    int periods[2] = {1, 0};
    MPI_Comm grid;
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims2, periods, 0, &grid);
    int status;
    MPI_Topo_test(grid, &status);
    CHECK(status == MPI_CART, "topo_test %d", status);
    int ndims, coords[2], grank, back;
    MPI_Cartdim_get(grid, &ndims);
    MPI_Comm_rank(grid, &grank);
    MPI_Cart_coords(grid, grank, 2, coords);
    MPI_Cart_rank(grid, coords, &back);
    CHECK(ndims == 2 && back == grank, "cart rank round trip %d", back);
    int up, down, left, right;
    MPI_Cart_shift(grid, 0, 1, &up, &down);
    MPI_Cart_shift(grid, 1, 1, &left, &right);
    REPORT("grid (%d,%d): dim0 %d->%d, dim1 %d->%d", coords[0], coords[1], up, down, left, right);
    /* halo exchange along the periodic dimension */
    int mine = grank, fromUp = -1;
    MPI_Sendrecv(&mine, 1, MPI_INT, down, 0, &fromUp, 1, MPI_INT, up, 0, grid, MPI_STATUS_IGNORE);
    CHECK(fromUp == up, "halo from %d got %d", up, fromUp);
    int gdims[2], gperiods[2], gcoords[2];
    MPI_Cart_get(grid, 2, gdims, gperiods, gcoords);
    CHECK(gdims[0] == dims2[0] && gperiods[0] == 1 && gperiods[1] == 0 && gcoords[1] == coords[1], "cart_get");
    MPI_Comm rows;
    int remain[2] = {0, 1};
    MPI_Cart_sub(grid, remain, &rows);
    int rrank, rsize, rowSum;
    MPI_Comm_rank(rows, &rrank);
    MPI_Comm_size(rows, &rsize);
    MPI_Allreduce(&grank, &rowSum, 1, MPI_INT, MPI_SUM, rows);
    CHECK(rrank == coords[1] && rsize == dims2[1], "cart_sub rank %d size %d", rrank, rsize);
    REPORT("row %d sum %d", coords[0], rowSum);
    MPI_Comm_free(&rows);
    MPI_Comm_free(&grid);
    /* 3-D fully periodic grid over the ranks that fit */
    int d3[3] = {size >= 2 ? 2 : 1, 1, 1}, p3[3] = {1, 1, 1};
    MPI_Comm cube;
    MPI_Cart_create(MPI_COMM_WORLD, 3, d3, p3, 0, &cube);
    if (cube != MPI_COMM_NULL)
    {
        int src, dst, c3[3] = {-1, 5, 3}, wrapped;
        MPI_Cart_shift(cube, 0, 3, &src, &dst);
        MPI_Cart_rank(cube, c3, &wrapped);
        REPORT("cube shift by 3: %d->%d, wrapped rank %d", src, dst, wrapped);
        MPI_Comm_free(&cube);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    my_rank = rank;
    dup_split_create();
    cartesian();
    return finish();
}
