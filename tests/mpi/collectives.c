/* Every blocking collective, with MPI_IN_PLACE where allowed, at any world size; all values exact integers. */
#include "check.h"
#include <string.h>

static int rank, size;

static void bcast_and_barrier(void)
{
    for (int root = 0; root < size; root++)
    {
        int data[5] = {0};
        if (rank == root)
        {
            for (int i = 0; i < 5; i++)
            {
                data[i] = root * 10 + i;
            }
        }
        MPI_Bcast(data, 5, MPI_INT, root, MPI_COMM_WORLD);
        CHECK(data[4] == root * 10 + 4, "bcast from %d got %d", root, data[4]);
        MPI_Barrier(MPI_COMM_WORLD);
    }
    enum { BIG = 100000 };
    double *big = malloc(BIG * sizeof(double));
    for (int i = 0; i < BIG; i++)
    {
        big[i] = rank == size - 1 ? i * 2.0 : -1;
    }
    MPI_Bcast(big, BIG, MPI_DOUBLE, size - 1, MPI_COMM_WORLD);
    CHECK(big[0] == 0 && big[BIG - 1] == (BIG - 1) * 2.0, "big bcast %g", big[BIG - 1]);
    free(big);
    REPORT("bcast ok");
}

static void reductions(void)
{
    int ints[4] = {rank + 1, -rank, rank * rank, rank % 2};
    int result[4];
    MPI_Reduce(ints, result, 4, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0)
    {
        REPORT("reduce sum %d %d %d %d", result[0], result[1], result[2], result[3]);
    }
    MPI_Op ops[] = {MPI_MAX, MPI_MIN, MPI_SUM, MPI_PROD, MPI_LAND, MPI_BAND, MPI_LOR, MPI_BOR, MPI_LXOR, MPI_BXOR};
    const char *names[] = {"max", "min", "sum", "prod", "land", "band", "lor", "bor", "lxor", "bxor"};
    for (int o = 0; o < 10; o++)
    {
        int values[3] = {rank + 3, (rank * 7) % 5 + 1, rank == 1 ? 0 : 6};
        int out[3];
        MPI_Allreduce(values, out, 3, MPI_INT, ops[o], MPI_COMM_WORLD);
        unsigned char bytes[2] = {(unsigned char)(rank * 37 + 1), (unsigned char)(200 + rank)};
        unsigned char bout[2];
        if (o != 3)
        {
            MPI_Allreduce(bytes, bout, 2, MPI_UNSIGNED_CHAR, ops[o], MPI_COMM_WORLD);
        }
        else
        {
            bout[0] = bout[1] = 0;
        }
        long long big = (long long)(rank + 1) << 33;
        long long bigOut;
        MPI_Allreduce(&big, &bigOut, 1, MPI_LONG_LONG, ops[o], MPI_COMM_WORLD);
        if (rank == size - 1)
        {
            REPORT("allreduce %s: %d %d %d | %u %u | %lld", names[o], out[0], out[1], out[2], bout[0], bout[1],
                bigOut);
        }
    }
    double d[3] = {rank * 1.5, -rank - 0.25, 8.0};
    MPI_Allreduce(MPI_IN_PLACE, d, 3, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    float f = (float)(rank + 1);
    float fmax;
    MPI_Allreduce(&f, &fmax, 1, MPI_FLOAT, MPI_MAX, MPI_COMM_WORLD);
    unsigned u = 0xF0000000u + rank, umax;
    MPI_Allreduce(&u, &umax, 1, MPI_UNSIGNED, MPI_MAX, MPI_COMM_WORLD);
    short s = (short)(-rank), smin;
    MPI_Allreduce(&s, &smin, 1, MPI_SHORT, MPI_MIN, MPI_COMM_WORLD);
    REPORT("in-place double sum %g %g %g, float max %g, unsigned max %u, short min %d", d[0], d[1], d[2], fmax, umax,
        smin);
    int mine = rank * 2, root = size / 2;
    if (rank == root)
    {
        MPI_Reduce(MPI_IN_PLACE, &mine, 1, MPI_INT, MPI_MAX, root, MPI_COMM_WORLD);
        REPORT("in-place reduce max at root %d: %d", root, mine);
    }
    else
    {
        MPI_Reduce(&mine, NULL, 1, MPI_INT, MPI_MAX, root, MPI_COMM_WORLD);
    }
}

static void locations(void)
{
    struct { double value; int index; } dIn = {(double)((rank * 5) % 3), rank}, dMax, dMin;
    MPI_Allreduce(&dIn, &dMax, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&dIn, &dMin, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
    struct { int value; int index; } iIn[2] = {{rank % 2, rank}, {-rank, rank}}, iOut[2];
    MPI_Allreduce(iIn, iOut, 2, MPI_2INT, MPI_MAXLOC, MPI_COMM_WORLD);
    struct { float value; int index; } fIn = {(float)(size - rank), rank}, fOut;
    MPI_Reduce(&fIn, &fOut, 1, MPI_FLOAT_INT, MPI_MINLOC, 0, MPI_COMM_WORLD);
    struct { short value; int index; } sIn = {(short)(rank % 2), rank}, sOut;
    MPI_Allreduce(&sIn, &sOut, 1, MPI_SHORT_INT, MPI_MINLOC, MPI_COMM_WORLD);
    if (rank == 0)
    {
        REPORT("maxloc %g@%d minloc %g@%d 2int %d@%d %d@%d floatint %g@%d shortint %d@%d", dMax.value, dMax.index,
            dMin.value, dMin.index, iOut[0].value, iOut[0].index, iOut[1].value, iOut[1].index, fOut.value,
            fOut.index, sOut.value, sOut.index);
    }
}

static void add_doubles(void *in, void *inout, int *len, MPI_Datatype *type)
{
    double *a = in, *b = inout;
    for (int i = 0; i < *len; i++)
    {
        b[i] += a[i];
    }
    (void)type;
}

/*
 * Vectors long enough to be cut into per-rank shares and several chunks (blocking reductions among ranks of one
 * process run in shared memory), an odd length so shares differ, MPI_IN_PLACE, a reduce to the last rank and a
 * split communicator.
 */
static void large_reductions(void)
{
    enum { N = 100003 };
    double *in = malloc(N * sizeof(double));
    double *out = malloc(N * sizeof(double));
    for (int i = 0; i < N; i++)
    {
        in[i] = (double)((i % 1000) * (rank + 1));
    }
    MPI_Allreduce(in, out, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    int bad = 0;
    double total = 0;
    for (int i = 0; i < N; i++)
    {
        bad += out[i] != (double)((i % 1000) * size * (size + 1) / 2);
        total += out[i];
    }
    CHECK(bad == 0, "large allreduce sum: %d wrong elements", bad);
    MPI_Allreduce(in, out, N, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    CHECK(out[N - 1] == (double)(((N - 1) % 1000) * size), "large allreduce max %g", out[N - 1]);
    REPORT("large allreduce total %.0f max %.0f", total, out[N - 1]);

    long long *ll = malloc(N * sizeof(long long));
    for (int i = 0; i < N; i++)
    {
        ll[i] = (long long)i * (rank + 1) - rank;
    }
    MPI_Allreduce(MPI_IN_PLACE, ll, N, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    bad = 0;
    for (int i = 0; i < N; i++)
    {
        bad += ll[i] != (long long)i * size * (size + 1) / 2 - (long long)size * (size - 1) / 2;
    }
    CHECK(bad == 0, "large in-place allreduce: %d wrong elements", bad);
    REPORT("large in-place allreduce last %lld", ll[N - 1]);

    /* a non-blocking allreduce and a commutative user operation take messages (round a ring when this long) */
    MPI_Request request;
    MPI_Iallreduce(in, out, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    bad = 0;
    for (int i = 0; i < N; i++)
    {
        bad += out[i] != (double)((i % 1000) * size * (size + 1) / 2);
    }
    CHECK(bad == 0, "large iallreduce sum: %d wrong elements", bad);
    MPI_Op plus;
    MPI_Op_create(add_doubles, 1, &plus);
    MPI_Allreduce(in, out, N, MPI_DOUBLE, plus, MPI_COMM_WORLD);
    bad = 0;
    for (int i = 0; i < N; i++)
    {
        bad += out[i] != (double)((i % 1000) * size * (size + 1) / 2);
    }
    CHECK(bad == 0, "large user-op allreduce: %d wrong elements", bad);
    MPI_Op_free(&plus);
    REPORT("large iallreduce and user-op allreduce last %.0f", out[N - 1]);

    /* reduce to the last rank, in place there */
    const int root = size - 1;
    if (rank == root)
    {
        for (int i = 0; i < N; i++)
        {
            out[i] = in[i];
        }
        MPI_Reduce(MPI_IN_PLACE, out, N, MPI_DOUBLE, MPI_MIN, root, MPI_COMM_WORLD);
        CHECK(out[999] == 999.0, "large reduce min %g", out[999]);
        REPORT("large reduce min %.0f", out[999]);
    }
    else
    {
        MPI_Reduce(in, NULL, N, MPI_DOUBLE, MPI_MIN, root, MPI_COMM_WORLD);
    }

    /* halves of the world, each reducing on its own */
    MPI_Comm half;
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &half);
    MPI_Allreduce(in, out, N, MPI_DOUBLE, MPI_SUM, half);
    int members = (size + 1 - rank % 2) / 2, weight = 0;
    for (int r = rank % 2; r < size; r += 2)
    {
        weight += r + 1;
    }
    CHECK(out[N - 1] == (double)(((N - 1) % 1000) * weight), "split allreduce %g (%d members)", out[N - 1], members);
    REPORT("split allreduce %.0f", out[N - 1]);
    MPI_Comm_free(&half);
    free(ll);
    free(out);
    free(in);
}

/* 2x2 integer matrix product: associative, not commutative, so rank order matters. */
static void matmul(void *in, void *inout, int *len, MPI_Datatype *type)
{
    int *a = in, *b = inout;
    for (int i = 0; i < *len; i++, a += 4, b += 4)
    {
        int c[4] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3]};
        memcpy(b, c, sizeof c);
    }
    (void)type;
}

static void user_ops(void)
{
    MPI_Op op;
    MPI_Op_create(matmul, 0, &op);
    int commute = -1;
    MPI_Op_commutative(op, &commute);
    CHECK(commute == 0, "commutative flag %d", commute);
    MPI_Datatype mat;
    MPI_Type_contiguous(4, MPI_INT, &mat);
    MPI_Type_commit(&mat);
    int m[2][4] = {{1, rank + 1, 0, 1}, {1, 0, rank + 1, 1}};
    int out[2][4];
    MPI_Allreduce(m, out, 2, mat, op, MPI_COMM_WORLD);
    int red[2][4];
    MPI_Reduce(m, red, 2, mat, op, size - 1, MPI_COMM_WORLD);
    int scanned[2][4];
    MPI_Scan(m, scanned, 2, mat, op, MPI_COMM_WORLD);
    REPORT("matmul scan %d %d %d %d", scanned[1][0], scanned[1][1], scanned[1][2], scanned[1][3]);
    if (rank == size - 1)
    {
        REPORT("matmul allreduce %d %d %d %d / %d %d %d %d, reduce %d", out[0][0], out[0][1], out[0][2], out[0][3],
            out[1][0], out[1][1], out[1][2], out[1][3], red[1][2]);
    }
    MPI_Type_free(&mat);
    MPI_Op_free(&op);
    CHECK(op == MPI_OP_NULL, "op_free sets MPI_OP_NULL");
}

static void gathers_and_scatters(void)
{
    int mine[2] = {rank, rank * rank};
    int *all = malloc(2 * size * sizeof(int));
    int root = size - 1;
    MPI_Gather(mine, 2, MPI_INT, all, 2, MPI_INT, root, MPI_COMM_WORLD);
    if (rank == root)
    {
        for (int r = 0; r < size; r++)
        {
            CHECK(all[2 * r] == r && all[2 * r + 1] == r * r, "gather block %d", r);
        }
    }
    if (rank == 0)
    {
        for (int r = 0; r < size; r++)
        {
            all[2 * r] = -1;
        }
        all[0] = 0;
        all[1] = 0;
        MPI_Gather(MPI_IN_PLACE, 2, MPI_INT, all, 2, MPI_INT, 0, MPI_COMM_WORLD);
        for (int r = 0; r < size; r++)
        {
            CHECK(all[2 * r] == r, "in-place gather block %d", r);
        }
    }
    else
    {
        MPI_Gather(mine, 2, MPI_INT, NULL, 0, MPI_INT, 0, MPI_COMM_WORLD);
    }
    /* gatherv: rank r sends r+1 ints, placed in reverse order */
    int *counts = malloc(size * sizeof(int)), *displs = malloc(size * sizeof(int));
    int total = 0;
    for (int r = size - 1; r >= 0; r--)
    {
        counts[r] = r + 1;
        displs[r] = total;
        total += r + 1;
    }
    int *varied = malloc(total * sizeof(int)), *send = malloc((rank + 1) * sizeof(int));
    for (int i = 0; i <= rank; i++)
    {
        send[i] = rank * 100 + i;
    }
    MPI_Gatherv(send, rank + 1, MPI_INT, varied, counts, displs, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0)
    {
        long sum = 0;
        for (int i = 0; i < total; i++)
        {
            sum += varied[i] * (i + 1);
        }
        REPORT("gatherv weighted sum %ld first %d", sum, varied[0]);
    }
    /* scatter and scatterv back */
    int piece[2];
    if (rank == 0)
    {
        for (int r = 0; r < size; r++)
        {
            all[2 * r] = r * 3;
            all[2 * r + 1] = r * 3 + 1;
        }
    }
    MPI_Scatter(all, 2, MPI_INT, piece, 2, MPI_INT, 0, MPI_COMM_WORLD);
    CHECK(piece[0] == rank * 3 && piece[1] == rank * 3 + 1, "scatter got %d %d", piece[0], piece[1]);
    int *back = malloc((rank + 1) * sizeof(int));
    MPI_Scatterv(varied, counts, displs, MPI_INT, back, rank + 1, MPI_INT, 0, MPI_COMM_WORLD);
    for (int i = 0; i <= rank; i++)
    {
        CHECK(back[i] == rank * 100 + i, "scatterv back[%d]=%d", i, back[i]);
    }
    if (rank == root)
    {
        MPI_Scatter(all, 2, MPI_INT, MPI_IN_PLACE, 2, MPI_INT, root, MPI_COMM_WORLD);
    }
    else
    {
        MPI_Scatter(NULL, 2, MPI_INT, piece, 2, MPI_INT, root, MPI_COMM_WORLD);
    }
    REPORT("gather/scatter ok");
    free(all);
    free(counts);
    free(displs);
    free(varied);
    free(send);
    free(back);
}

static void allgathers_and_alltoalls(void)
{
    int *all = malloc(size * sizeof(int));
    int mine = rank * 11;
    MPI_Allgather(&mine, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
    int sum = 0;
    for (int r = 0; r < size; r++)
    {
        sum += all[r] * (r + 1);
    }
    all[rank] = rank * 13;
    MPI_Allgather(MPI_IN_PLACE, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
    {
        CHECK(all[r] == r * 13, "in-place allgather %d", all[r]);
    }
    int *counts = malloc(size * sizeof(int)), *displs = malloc(size * sizeof(int));
    int total = 0;
    for (int r = 0; r < size; r++)
    {
        counts[r] = (r % 3) + 1;
        displs[r] = total + 1;
        total += counts[r] + 1;
    }
    int *varied = calloc(total + 1, sizeof(int));
    int *send = malloc(3 * sizeof(int));
    for (int i = 0; i < counts[rank]; i++)
    {
        send[i] = rank * 10 + i;
    }
    MPI_Allgatherv(send, counts[rank], MPI_INT, varied, counts, displs, MPI_INT, MPI_COMM_WORLD);
    int vsum = 0;
    for (int i = 0; i < total; i++)
    {
        vsum += varied[i] * (i + 1);
    }
    int *out = malloc(2 * size * sizeof(int)), *in = malloc(2 * size * sizeof(int));
    for (int r = 0; r < size; r++)
    {
        out[2 * r] = rank * 100 + r;
        out[2 * r + 1] = -(rank * 100 + r);
    }
    MPI_Alltoall(out, 2, MPI_INT, in, 2, MPI_INT, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
    {
        CHECK(in[2 * r] == r * 100 + rank && in[2 * r + 1] == -(r * 100 + rank), "alltoall from %d: %d", r,
            in[2 * r]);
    }
    MPI_Alltoall(MPI_IN_PLACE, 2, MPI_INT, in, 2, MPI_INT, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
    {
        CHECK(in[2 * r] == rank * 100 + r, "in-place alltoall from %d: %d", r, in[2 * r]);
    }
    /* alltoallv: rank sends r+1 ints to rank r */
    int *scounts = malloc(size * sizeof(int)), *sdispls = malloc(size * sizeof(int));
    int *rcounts = malloc(size * sizeof(int)), *rdispls = malloc(size * sizeof(int));
    int stotal = 0, rtotal = 0;
    for (int r = 0; r < size; r++)
    {
        scounts[r] = r + 1;
        sdispls[r] = stotal;
        stotal += r + 1;
        rcounts[r] = rank + 1;
        rdispls[r] = rtotal;
        rtotal += rank + 1;
    }
    int *sbuf = malloc(stotal * sizeof(int)), *rbuf = malloc(rtotal * sizeof(int));
    for (int r = 0; r < size; r++)
    {
        for (int i = 0; i <= r; i++)
        {
            sbuf[sdispls[r] + i] = rank * 1000 + r * 10 + i;
        }
    }
    MPI_Alltoallv(sbuf, scounts, sdispls, MPI_INT, rbuf, rcounts, rdispls, MPI_INT, MPI_COMM_WORLD);
    for (int r = 0; r < size; r++)
    {
        for (int i = 0; i <= rank; i++)
        {
            CHECK(rbuf[rdispls[r] + i] == r * 1000 + rank * 10 + i, "alltoallv from %d[%d]", r, i);
        }
    }
    REPORT("allgather weighted %d, allgatherv weighted %d, alltoall(v) ok", sum, vsum);
    free(all);
    free(counts);
    free(displs);
    free(varied);
    free(send);
    free(out);
    free(in);
    free(scounts);
    free(sdispls);
    free(rcounts);
    free(rdispls);
    free(sbuf);
    free(rbuf);
}

static void scans_and_reduce_scatter(void)
{
    int v[2] = {rank + 1, 2}, inclusive[2], exclusive[2] = {-7, -7};
    MPI_Scan(v, inclusive, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Exscan(v, exclusive, 2, MPI_INT, MPI_PROD, MPI_COMM_WORLD);
    CHECK(inclusive[0] == (rank + 1) * (rank + 2) / 2 && inclusive[1] == 2 * (rank + 1), "scan %d", inclusive[0]);
    if (rank > 0)
    {
        int fact = 1;
        for (int r = 1; r <= rank; r++)
        {
            fact *= r;
        }
        CHECK(exclusive[0] == fact, "exscan %d want %d", exclusive[0], fact);
    }
    int inPlace[1] = {rank};
    MPI_Scan(MPI_IN_PLACE, inPlace, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    CHECK(inPlace[0] == rank, "in-place scan max %d", inPlace[0]);
    int *send = malloc(2 * size * sizeof(int)), *counts = malloc(size * sizeof(int));
    for (int i = 0; i < 2 * size; i++)
    {
        send[i] = rank + i;
    }
    int block[2];
    MPI_Reduce_scatter_block(send, block, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int base = size * (size - 1) / 2;
    CHECK(block[0] == base + 2 * rank * size && block[1] == base + (2 * rank + 1) * size, "rsb %d %d", block[0],
        block[1]);
    int total = 0;
    for (int r = 0; r < size; r++)
    {
        counts[r] = r % 2 + 1;
        total += counts[r];
    }
    int *in = malloc(total * sizeof(int));
    for (int i = 0; i < total; i++)
    {
        in[i] = (rank + 1) * (i + 1);
    }
    int got[2] = {0, 0};
    MPI_Reduce_scatter(in, got, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    for (int i = 0; i < total; i++)
    {
        in[i] = (rank + 1) * (i + 1);
    }
    MPI_Reduce_scatter(MPI_IN_PLACE, in, counts, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    REPORT("scan %d %d, exscan %d, reduce_scatter %d %d, in place %d", inclusive[0], inclusive[1],
        rank > 0 ? exclusive[0] : 0, got[0], counts[rank] > 1 ? got[1] : 0, in[0]);
    free(send);
    free(counts);
    free(in);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    my_rank = rank;
    bcast_and_barrier();
    reductions();
    locations();
    large_reductions();
    user_ops();
    gathers_and_scatters();
    allgathers_and_alltoalls();
    scans_and_reduce_scatter();
    return finish();
}
