/* Array datatypes: subarray in C and Fortran order (bounds, packing order, halo exchanges in 2-D and 3-D),
 * hindexed_block, and darray block, cyclic(k) and none distributions over a process grid, scattered from rank 0 and
 * gathered back; error classes for bad arguments. */
#include "check.h"
#include <string.h>

static int rank, size;

/* Sends one element of type from buffer to this rank, received as packed ints, and prints them in order. */
static void show_order(const char *name, const int *buffer, int count, MPI_Datatype type)
{
    int bytes;
    MPI_Type_size(type, &bytes);
    int packed[128];
    int n = count * bytes / (int)sizeof(int);
    MPI_Sendrecv(buffer, count, type, rank, 1, packed, n, MPI_INT, rank, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char line[1024] = "";
    int used = 0;
    for (int i = 0; i < n; i++)
    {
        used += snprintf(line + used, sizeof line - used, " %d", packed[i]);
    }
    if (rank == 0)
    {
        REPORT("%s order:%s", name, line);
    }
}

static void subarray_layouts(void)
{
    enum { R = 4, C = 5 };
    int grid[2 * R * C];
    for (int i = 0; i < 2 * R * C; i++)
    {
        grid[i] = i;
    }
    int sizes[2] = {R, C}, subsizes[2] = {2, 3}, starts[2] = {1, 1};
    MPI_Datatype c_order, f_order, whole, row_end;
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_INT, &c_order);
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_FORTRAN, MPI_INT, &f_order);
    int all_starts[2] = {0, 0};
    MPI_Type_create_subarray(2, sizes, sizes, all_starts, MPI_ORDER_C, MPI_INT, &whole);
    int end_sub[2] = {1, 2}, end_starts[2] = {3, 3};
    MPI_Type_create_subarray(2, sizes, end_sub, end_starts, MPI_ORDER_C, MPI_INT, &row_end);
    MPI_Datatype types[4] = {c_order, f_order, whole, row_end};
    const char *names[4] = {"subarray 4x5 [2x3 at 1,1] C", "subarray 4x5 [2x3 at 1,1] Fortran",
        "subarray 4x5 whole C", "subarray 4x5 [1x2 at 3,3] C"};
    for (int i = 0; i < 4; i++)
    {
        MPI_Type_commit(&types[i]);
        describe_type(names[i], types[i]);
        show_order(names[i], grid, 1, types[i]);
    }
    /* two elements of a subarray type are two whole arrays apart */
    show_order("two of subarray 4x5 [2x3 at 1,1] C", grid, 2, c_order);

    int sizes3[3] = {3, 4, 5}, subsizes3[3] = {2, 2, 3}, starts3[3] = {1, 1, 2};
    int cube[3 * 4 * 5];
    for (int i = 0; i < 60; i++)
    {
        cube[i] = i;
    }
    MPI_Datatype c3, f3, d3;
    MPI_Type_create_subarray(3, sizes3, subsizes3, starts3, MPI_ORDER_C, MPI_INT, &c3);
    MPI_Type_create_subarray(3, sizes3, subsizes3, starts3, MPI_ORDER_FORTRAN, MPI_INT, &f3);
    MPI_Type_create_subarray(3, sizes3, subsizes3, starts3, MPI_ORDER_C, MPI_DOUBLE, &d3);
    MPI_Type_commit(&c3);
    MPI_Type_commit(&f3);
    describe_type("subarray 3x4x5 [2x2x3 at 1,1,2] C int", c3);
    describe_type("subarray 3x4x5 [2x2x3 at 1,1,2] Fortran int", f3);
    describe_type("subarray 3x4x5 [2x2x3 at 1,1,2] C double", d3);
    show_order("subarray 3x4x5 [2x2x3 at 1,1,2] C", cube, 1, c3);
    show_order("subarray 3x4x5 [2x2x3 at 1,1,2] Fortran", cube, 1, f3);

    /* a subarray of a subarray-free derived type: a 3x3 grid of int pairs */
    MPI_Datatype pair, pairs;
    MPI_Type_contiguous(2, MPI_INT, &pair);
    int psizes[2] = {3, 3}, psub[2] = {2, 1}, pstart[2] = {1, 2};
    MPI_Type_create_subarray(2, psizes, psub, pstart, MPI_ORDER_C, pair, &pairs);
    MPI_Type_commit(&pairs);
    describe_type("subarray 3x3 [2x1 at 1,2] of int pairs", pairs);
    show_order("subarray 3x3 [2x1 at 1,2] of int pairs", grid, 1, pairs);

    MPI_Datatype frees[] = {c_order, f_order, whole, row_end, c3, f3, d3, pair, pairs};
    for (unsigned i = 0; i < sizeof frees / sizeof frees[0]; i++)
    {
        MPI_Type_free(&frees[i]);
    }
}

/* 2-D halo exchange: each rank owns NX x NY cells of a periodic (size * NX) x NY grid, decomposed along x, with
 * one ghost layer; ghost rows come from the x neighbours, ghost columns from this rank's own other side. The same
 * array is described in C order (x slow) and in Fortran order (x fast). */
static void halo_2d(int order)
{
    enum { NX = 3, NY = 4 };
    /* a[x][y] in C order is a[y][x] in Fortran order: index (x, y) lives at x * (NY + 2) + y or y * (NX + 2) + x */
    double a[(NX + 2) * (NY + 2)];
    const int fortran = order == MPI_ORDER_FORTRAN;
#define AT(x, y) (fortran ? (y) * (NX + 2) + (x) : (x) * (NY + 2) + (y))
    for (int x = 0; x < NX + 2; x++)
    {
        for (int y = 0; y < NY + 2; y++)
        {
            int inside = x >= 1 && x <= NX && y >= 1 && y <= NY;
            a[AT(x, y)] = inside ? 1000 * rank + 10 * (x - 1) + (y - 1) : -1;
        }
    }
    /* sizes, subsizes and starts are (x, y) in both orders: the order says which index varies fastest */
    int sizes[2] = {NX + 2, NY + 2}, row[2] = {1, NY}, col[2] = {NX, 1};
    MPI_Datatype send_low, send_high, recv_low, recv_high, send_left, send_right, recv_left, recv_right;
    int s[2];
    s[0] = 1, s[1] = 1;
    MPI_Type_create_subarray(2, sizes, row, s, order, MPI_DOUBLE, &send_low);
    s[0] = NX, s[1] = 1;
    MPI_Type_create_subarray(2, sizes, row, s, order, MPI_DOUBLE, &send_high);
    s[0] = 0, s[1] = 1;
    MPI_Type_create_subarray(2, sizes, row, s, order, MPI_DOUBLE, &recv_low);
    s[0] = NX + 1, s[1] = 1;
    MPI_Type_create_subarray(2, sizes, row, s, order, MPI_DOUBLE, &recv_high);
    s[0] = 1, s[1] = 1;
    MPI_Type_create_subarray(2, sizes, col, s, order, MPI_DOUBLE, &send_left);
    s[0] = 1, s[1] = NY;
    MPI_Type_create_subarray(2, sizes, col, s, order, MPI_DOUBLE, &send_right);
    s[0] = 1, s[1] = 0;
    MPI_Type_create_subarray(2, sizes, col, s, order, MPI_DOUBLE, &recv_left);
    s[0] = 1, s[1] = NY + 1;
    MPI_Type_create_subarray(2, sizes, col, s, order, MPI_DOUBLE, &recv_right);
    MPI_Datatype all[8] = {send_low, send_high, recv_low, recv_high, send_left, send_right, recv_left, recv_right};
    for (int i = 0; i < 8; i++)
    {
        MPI_Type_commit(&all[i]);
    }
    int up = (rank + 1) % size, down = (rank + size - 1) % size;
    MPI_Sendrecv(a, 1, all[1], up, 10, a, 1, all[2], down, 10, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(a, 1, all[0], down, 11, a, 1, all[3], up, 11, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(a, 1, all[5], rank, 12, a, 1, all[6], rank, 12, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(a, 1, all[4], rank, 13, a, 1, all[7], rank, 13, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    double sum = 0;
    for (int y = 1; y <= NY; y++)
    {
        CHECK(a[AT(0, y)] == 1000 * down + 10 * (NX - 1) + (y - 1), "order %d ghost (0,%d)=%g", order, y,
            a[AT(0, y)]);
        CHECK(a[AT(NX + 1, y)] == 1000 * up + (y - 1), "order %d ghost (%d,%d)=%g", order, NX + 1, y,
            a[AT(NX + 1, y)]);
    }
    for (int x = 1; x <= NX; x++)
    {
        CHECK(a[AT(x, 0)] == 1000 * rank + 10 * (x - 1) + NY - 1, "order %d ghost (%d,0)=%g", order, x,
            a[AT(x, 0)]);
        CHECK(a[AT(x, NY + 1)] == 1000 * rank + 10 * (x - 1), "order %d ghost (%d,%d)=%g", order, x, NY + 1,
            a[AT(x, NY + 1)]);
    }
    CHECK(a[AT(0, 0)] == -1 && a[AT(NX + 1, NY + 1)] == -1, "order %d corners touched", order);
    for (int i = 0; i < (NX + 2) * (NY + 2); i++)
    {
        sum += a[i];
    }
#undef AT
    for (int i = 0; i < 8; i++)
    {
        MPI_Type_free(&all[i]);
    }
    REPORT("halo 2-D %s ok, sum %g", fortran ? "Fortran" : "C", sum);
}

/* 3-D halo exchange along the slowest C dimension with face subarrays, and along the fastest with this rank. */
static void halo_3d(void)
{
    enum { NX = 2, NY = 3, NZ = 4 };
    int a[NX + 2][NY][NZ + 2];
    memset(a, 0xff, sizeof a);
    for (int x = 1; x <= NX; x++)
    {
        for (int y = 0; y < NY; y++)
        {
            for (int z = 1; z <= NZ; z++)
            {
                a[x][y][z] = 10000 * rank + 100 * x + 10 * y + z;
            }
        }
    }
    int sizes[3] = {NX + 2, NY, NZ + 2}, xface[3] = {1, NY, NZ}, zface[3] = {NX, NY, 1};
    int s_hi[3] = {NX, 0, 1}, r_lo[3] = {0, 0, 1}, s_z[3] = {1, 0, NZ}, r_z[3] = {1, 0, 0};
    MPI_Datatype send_hi, recv_lo, send_z, recv_z;
    MPI_Type_create_subarray(3, sizes, xface, s_hi, MPI_ORDER_C, MPI_INT, &send_hi);
    MPI_Type_create_subarray(3, sizes, xface, r_lo, MPI_ORDER_C, MPI_INT, &recv_lo);
    MPI_Type_create_subarray(3, sizes, zface, s_z, MPI_ORDER_C, MPI_INT, &send_z);
    MPI_Type_create_subarray(3, sizes, zface, r_z, MPI_ORDER_C, MPI_INT, &recv_z);
    MPI_Type_commit(&send_hi);
    MPI_Type_commit(&recv_lo);
    MPI_Type_commit(&send_z);
    MPI_Type_commit(&recv_z);
    int up = (rank + 1) % size, down = (rank + size - 1) % size;
    MPI_Sendrecv(a, 1, send_hi, up, 20, a, 1, recv_lo, down, 20, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(a, 1, send_z, rank, 21, a, 1, recv_z, rank, 21, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    long sum = 0;
    for (int y = 0; y < NY; y++)
    {
        for (int z = 1; z <= NZ; z++)
        {
            CHECK(a[0][y][z] == 10000 * down + 100 * NX + 10 * y + z, "3-D ghost (0,%d,%d)=%d", y, z, a[0][y][z]);
        }
        for (int x = 1; x <= NX; x++)
        {
            CHECK(a[x][y][0] == 10000 * rank + 100 * x + 10 * y + NZ, "3-D ghost (%d,%d,0)=%d", x, y, a[x][y][0]);
            CHECK(a[x][y][NZ + 1] == -1, "3-D high z ghost touched");
        }
        CHECK(a[NX + 1][y][1] == -1, "3-D high x ghost touched");
    }
    for (int x = 0; x < NX + 2; x++)
    {
        for (int y = 0; y < NY; y++)
        {
            for (int z = 0; z < NZ + 2; z++)
            {
                sum += a[x][y][z];
            }
        }
    }
    MPI_Type_free(&send_hi);
    MPI_Type_free(&recv_lo);
    MPI_Type_free(&send_z);
    MPI_Type_free(&recv_z);
    REPORT("halo 3-D C ok, sum %ld", sum);
}

static void hindexed_blocks(void)
{
    MPI_Datatype blocks, resized;
    MPI_Aint displs[3] = {24, 0, 8};
    MPI_Type_create_hindexed_block(3, 2, displs, MPI_INT, &blocks);
    MPI_Type_commit(&blocks);
    describe_type("hindexed_block(3, 2, {24, 0, 8}, int)", blocks);
    int values[8];
    for (int i = 0; i < 8; i++)
    {
        values[i] = 10 * rank + i;
    }
    show_order("hindexed_block(3, 2, {24, 0, 8}, int)", values, 1, blocks);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int in[8];
    for (int i = 0; i < 8; i++)
    {
        in[i] = -1;
    }
    MPI_Sendrecv(values, 1, blocks, right, 30, in, 1, blocks, left, 30, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    const int expected[8] = {0, 1, 2, 3, -1, -1, 6, 7};
    for (int i = 0; i < 8; i++)
    {
        CHECK(in[i] == (expected[i] < 0 ? -1 : 10 * left + expected[i]), "hindexed_block in[%d]=%d", i, in[i]);
    }
    MPI_Aint none[1] = {0};
    MPI_Datatype empty;
    MPI_Type_create_hindexed_block(0, 4, none, MPI_DOUBLE, &empty);
    MPI_Type_create_resized(blocks, 0, 40, &resized);
    describe_type("hindexed_block(0, 4, {}, double)", empty);
    describe_type("resized hindexed_block", resized);
    MPI_Type_free(&blocks);
    MPI_Type_free(&empty);
    MPI_Type_free(&resized);
    REPORT("hindexed_block ok");
}

/* The global indices dimension dim owns at grid coordinate coord, in order; returns how many. */
static int owned(int gsize, int distrib, int darg, int nprocs, int coord, int *indices)
{
    int n = 0;
    if (distrib == MPI_DISTRIBUTE_NONE)
    {
        for (int i = 0; i < gsize; i++)
        {
            indices[n++] = i;
        }
    }
    else if (distrib == MPI_DISTRIBUTE_BLOCK)
    {
        int block = darg == MPI_DISTRIBUTE_DFLT_DARG ? (gsize + nprocs - 1) / nprocs : darg;
        for (int i = coord * block; i < (coord + 1) * block && i < gsize; i++)
        {
            indices[n++] = i;
        }
    }
    else
    {
        int block = darg == MPI_DISTRIBUTE_DFLT_DARG ? 1 : darg;
        for (int first = coord * block; first < gsize; first += nprocs * block)
        {
            for (int i = first; i < first + block && i < gsize; i++)
            {
                indices[n++] = i;
            }
        }
    }
    return n;
}

enum { MAX_GLOBAL = 128, MAX_DIMS = 3 };

/* Scatters a global array of ints (each holding its own memory offset) from rank 0 with darray types, checks each
 * rank's piece against the distribution computed by hand, gathers the pieces back and checks rank 0 has it all. */
static void darray_case(const char *name, int ndims, const int *gsizes, const int *distribs, const int *dargs,
    int order, int use_dims_create)
{
    int psizes[MAX_DIMS];
    for (int i = 0; i < ndims; i++)
    {
        psizes[i] = distribs[i] == MPI_DISTRIBUTE_NONE ? 1 : 0;
    }
    if (use_dims_create)
    {
        MPI_Dims_create(size, ndims, psizes);
    }
    else
    {
        for (int i = 0; i < ndims; i++)
        {
            psizes[i] = distribs[i] == MPI_DISTRIBUTE_NONE ? 1 : i == 0 ? size : 1;
        }
    }
    int total = 1;
    for (int i = 0; i < ndims; i++)
    {
        total *= gsizes[i];
    }
    int global[MAX_GLOBAL], gathered[MAX_GLOBAL];
    for (int i = 0; i < total; i++)
    {
        global[i] = i;
        gathered[i] = -1;
    }
    MPI_Datatype mine;
    MPI_Type_create_darray(size, rank, ndims, gsizes, distribs, dargs, psizes, order, MPI_INT, &mine);
    MPI_Type_commit(&mine);
    int bytes;
    MPI_Aint lb, extent, tlb, textent;
    MPI_Type_size(mine, &bytes);
    MPI_Type_get_extent(mine, &lb, &extent);
    MPI_Type_get_true_extent(mine, &tlb, &textent);
    if (bytes == 0)
    {
        /* no data, no true bounds: OpenMPI reports INT64_MAX and 1 here */
        tlb = 0;
        textent = 0;
    }
    int count = bytes / (int)sizeof(int);

    /* expected: the owned index tuples in the array's order (first index fastest for Fortran) */
    int coords[MAX_DIMS], procs = size, rest = rank;
    for (int i = 0; i < ndims; i++)
    {
        procs /= psizes[i];
        coords[i] = rest / procs;
        rest %= procs;
    }
    int idx[MAX_DIMS][MAX_GLOBAL], n[MAX_DIMS];
    int expected_count = 1;
    for (int i = 0; i < ndims; i++)
    {
        n[i] = owned(gsizes[i], distribs[i], dargs[i], psizes[i], coords[i], idx[i]);
        expected_count *= n[i];
    }
    CHECK(count == expected_count, "%s: darray holds %d ints, expected %d", name, count, expected_count);
    int expected[MAX_GLOBAL];
    for (int e = 0; e < expected_count; e++)
    {
        /* e as a mixed-radix number over n[], fastest digit the order's fastest dimension */
        int rem = e, offset = 0, stride = 1;
        for (int k = 0; k < ndims; k++)
        {
            int d = order == MPI_ORDER_C ? ndims - 1 - k : k;
            offset += idx[d][rem % n[d]] * stride;
            rem /= n[d];
            stride *= gsizes[d];
        }
        expected[e] = offset;
    }

    /* rank 0 describes every rank's piece of its global array */
    MPI_Datatype *pieces = malloc(size * sizeof(MPI_Datatype));
    for (int r = 0; r < size && rank == 0; r++)
    {
        MPI_Type_create_darray(size, r, ndims, gsizes, distribs, dargs, psizes, order, MPI_INT, &pieces[r]);
        MPI_Type_commit(&pieces[r]);
    }
    int local[MAX_GLOBAL];
    MPI_Request request;
    MPI_Irecv(local, MAX_GLOBAL, MPI_INT, 0, 40, MPI_COMM_WORLD, &request);
    for (int dest = 0; dest < size && rank == 0; dest++)
    {
        MPI_Send(global, 1, pieces[dest], dest, 40, MPI_COMM_WORLD);
    }
    MPI_Status status;
    MPI_Wait(&request, &status);
    int received;
    MPI_Get_count(&status, MPI_INT, &received);
    CHECK(received == expected_count, "%s: received %d ints, expected %d", name, received, expected_count);
    char line[1024] = "";
    int used = 0;
    for (int i = 0; i < received && i < expected_count; i++)
    {
        CHECK(local[i] == expected[i], "%s: local[%d]=%d, expected %d", name, i, local[i], expected[i]);
        used += snprintf(line + used, sizeof line - used, " %d", local[i]);
    }
    REPORT("%s grid %dx%dx%d coords %d,%d,%d: size %d lb %ld extent %ld true lb %ld true extent %ld, local%s",
        name, psizes[0], ndims > 1 ? psizes[1] : 1, ndims > 2 ? psizes[2] : 1, coords[0], ndims > 1 ? coords[1] : 0,
        ndims > 2 ? coords[2] : 0, bytes, (long)lb, (long)extent, (long)tlb, (long)textent, line);

    /* back: every rank's piece lands where it came from, so rank 0 ends with the whole array */
    MPI_Isend(local, received, MPI_INT, 0, 41, MPI_COMM_WORLD, &request);
    if (rank == 0)
    {
        for (int src = 0; src < size; src++)
        {
            MPI_Recv(gathered, 1, pieces[src], src, 41, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Type_free(&pieces[src]);
        }
        for (int i = 0; i < total; i++)
        {
            CHECK(gathered[i] == i, "%s: gathered[%d]=%d", name, i, gathered[i]);
        }
    }
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    free(pieces);
    MPI_Type_free(&mine);
}

static void darrays(void)
{
    const int dflt = MPI_DISTRIBUTE_DFLT_DARG;
    const int block = MPI_DISTRIBUTE_BLOCK, cyclic = MPI_DISTRIBUTE_CYCLIC, none = MPI_DISTRIBUTE_NONE;
    int g1[1] = {10};
    int d_block[1] = {block}, d_cyclic[1] = {cyclic}, a_dflt[1] = {dflt}, a_3[1] = {3};
    int a_big[1] = {(10 + size - 1) / size + 1};
    darray_case("darray 1-D block", 1, g1, d_block, a_dflt, MPI_ORDER_C, 1);
    darray_case("darray 1-D block(ceil+1)", 1, g1, d_block, a_big, MPI_ORDER_C, 1);
    darray_case("darray 1-D cyclic", 1, g1, d_cyclic, a_dflt, MPI_ORDER_C, 1);
    darray_case("darray 1-D cyclic(3)", 1, g1, d_cyclic, a_3, MPI_ORDER_FORTRAN, 1);

    int g2[2] = {7, 6}, d2[2] = {block, cyclic}, a2[2] = {dflt, 2};
    darray_case("darray 2-D C block x cyclic(2)", 2, g2, d2, a2, MPI_ORDER_C, 1);
    darray_case("darray 2-D Fortran block x cyclic(2)", 2, g2, d2, a2, MPI_ORDER_FORTRAN, 1);
    int g2b[2] = {5, 8}, d2b[2] = {cyclic, block}, a2b[2] = {dflt, dflt};
    darray_case("darray 2-D Fortran cyclic x block", 2, g2b, d2b, a2b, MPI_ORDER_FORTRAN, 1);
    int g2c[2] = {6, 4}, d2c[2] = {cyclic, none}, a2c[2] = {2, dflt};
    darray_case("darray 2-D C cyclic(2) x none", 2, g2c, d2c, a2c, MPI_ORDER_C, 0);
    int g3[3] = {4, 5, 6}, d3[3] = {cyclic, block, cyclic}, a3[3] = {2, dflt, dflt};
    darray_case("darray 3-D C cyclic(2) x block x cyclic", 3, g3, d3, a3, MPI_ORDER_C, 1);
    darray_case("darray 3-D Fortran cyclic(2) x block x cyclic", 3, g3, d3, a3, MPI_ORDER_FORTRAN, 1);
    REPORT("darrays done");
}

static void errors(void)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype t;
    int sizes[2] = {4, 5}, sub[2] = {2, 3}, st[2] = {1, 1};
    int zero_size[2] = {0, 5}, zero_sub[2] = {0, 3}, big_sub[2] = {5, 3}, neg_start[2] = {-1, 1};
    int past_end[2] = {3, 1};
    int g[2] = {8, 6}, d[2] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC}, a[2] = {MPI_DISTRIBUTE_DFLT_DARG, 2};
    int p[2] = {2, 1};
    int g0[2] = {0, 6}, d9[2] = {9, 1}, a0[2] = {0, 2}, a_short[2] = {3, 2}, a_neg[2] = {-2, 2}, p0[2] = {0, 1};
    int d_none[2] = {MPI_DISTRIBUTE_NONE, MPI_DISTRIBUTE_BLOCK};
    MPI_Aint hd[2] = {0, 16};
    struct { const char *what; int err; int expected; } cases[] = {
        {"subarray ndims -1", MPI_Type_create_subarray(-1, sizes, sub, st, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_COUNT},
        {"subarray sizes 0", MPI_Type_create_subarray(2, zero_size, zero_sub, st, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"subarray subsizes 0", MPI_Type_create_subarray(2, sizes, zero_sub, st, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"subarray subsizes > sizes", MPI_Type_create_subarray(2, sizes, big_sub, st, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"subarray starts -1", MPI_Type_create_subarray(2, sizes, sub, neg_start, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"subarray starts + subsizes > sizes",
            MPI_Type_create_subarray(2, sizes, sub, past_end, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"subarray order 7", MPI_Type_create_subarray(2, sizes, sub, st, 7, MPI_INT, &t), MPI_ERR_ARG},
        {"subarray MPI_DATATYPE_NULL",
            MPI_Type_create_subarray(2, sizes, sub, st, MPI_ORDER_C, MPI_DATATYPE_NULL, &t), MPI_ERR_TYPE},
        {"darray rank 2 of 2", MPI_Type_create_darray(2, 2, 2, g, d, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray rank -1", MPI_Type_create_darray(2, -1, 2, g, d, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray size 0", MPI_Type_create_darray(0, 0, 2, g, d, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray psizes product 2, size 3", MPI_Type_create_darray(3, 0, 2, g, d, a, p, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"darray ndims -1", MPI_Type_create_darray(2, 0, -1, g, d, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_COUNT},
        {"darray gsizes 0", MPI_Type_create_darray(2, 0, 2, g0, d, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray distribs 9", MPI_Type_create_darray(2, 0, 2, g, d9, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray block darg 0", MPI_Type_create_darray(2, 0, 2, g, d, a0, p, MPI_ORDER_C, MPI_INT, &t),
            MPI_ERR_ARG},
        {"darray block darg * psize < gsize",
            MPI_Type_create_darray(2, 0, 2, g, d, a_short, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray darg -2", MPI_Type_create_darray(2, 0, 2, g, d, a_neg, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray psizes 0", MPI_Type_create_darray(2, 0, 2, g, d, a, p0, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray none with psize 2",
            MPI_Type_create_darray(2, 0, 2, g, d_none, a, p, MPI_ORDER_C, MPI_INT, &t), MPI_ERR_ARG},
        {"darray order 5", MPI_Type_create_darray(2, 0, 2, g, d, a, p, 5, MPI_INT, &t), MPI_ERR_ARG},
        {"darray MPI_DATATYPE_NULL",
            MPI_Type_create_darray(2, 0, 2, g, d, a, p, MPI_ORDER_C, MPI_DATATYPE_NULL, &t), MPI_ERR_TYPE},
        {"hindexed_block count -1", MPI_Type_create_hindexed_block(-1, 2, hd, MPI_INT, &t), MPI_ERR_COUNT},
        {"hindexed_block MPI_DATATYPE_NULL", MPI_Type_create_hindexed_block(2, 1, hd, MPI_DATATYPE_NULL, &t),
            MPI_ERR_TYPE},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
        int cls;
        MPI_Error_class(cases[i].err, &cls);
        CHECK(cls == cases[i].expected, "%s: class %d, want %d", cases[i].what, cls, cases[i].expected);
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    REPORT("%d error cases checked", (int)(sizeof cases / sizeof cases[0]));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    my_rank = rank;
    subarray_layouts();
    halo_2d(MPI_ORDER_C);
    halo_2d(MPI_ORDER_FORTRAN);
    halo_3d();
    hindexed_blocks();
    darrays();
    errors();
    return finish();
}
