/* One-sided: windows (create, allocate, attributes, group), Put/Get/Accumulate with every predefined op, derived
 * target datatypes, large transfers, fence epochs, exclusive and shared locks, lock_all, flush, and the atomics
 * (Fetch_and_op, Compare_and_swap, Get_accumulate). */
#include "check.h"
#include <string.h>

#define SLOTS 16
#define BIG_INTS 50000

static void fence_put_get(int rank, int size)
{
    int buffer[SLOTS];
    for (int i = 0; i < SLOTS; i++)
    {
        buffer[i] = -1;
    }
    MPI_Win win;
    MPI_Win_create(buffer, sizeof buffer, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    MPI_Win_fence(0, win);
    int value = 100 + rank;
    MPI_Put(&value, 1, MPI_INT, right, rank % SLOTS, 1, MPI_INT, win);
    MPI_Put(&value, 1, MPI_INT, MPI_PROC_NULL, 0, 1, MPI_INT, win);
    MPI_Win_fence(0, win);
    CHECK(buffer[left % SLOTS] == 100 + left, "put from left: slot %d holds %d", left % SLOTS, buffer[left % SLOTS]);
    buffer[SLOTS - 1] = 1000 * rank;
    MPI_Win_fence(0, win);
    int got = -5;
    MPI_Get(&got, 1, MPI_INT, left, SLOTS - 1, 1, MPI_INT, win);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, win);
    CHECK(got == 1000 * left, "get from left gave %d", got);
    MPI_Group group;
    int group_size;
    MPI_Win_get_group(win, &group);
    MPI_Group_size(group, &group_size);
    CHECK(group_size == size, "window group size %d", group_size);
    MPI_Group_free(&group);
    MPI_Win_free(&win);
    CHECK(win == MPI_WIN_NULL, "freed window is MPI_WIN_NULL");
    REPORT("fence put/get ok");
}

static void accumulate_all_ops(int rank, int size)
{
    MPI_Op ops[] = {MPI_SUM, MPI_PROD, MPI_MAX, MPI_MIN, MPI_LAND, MPI_BAND, MPI_LOR, MPI_BOR, MPI_LXOR, MPI_BXOR,
        MPI_REPLACE};
    const char *names[] = {"SUM", "PROD", "MAX", "MIN", "LAND", "BAND", "LOR", "BOR", "LXOR", "BXOR", "REPLACE"};
    enum { NOPS = sizeof ops / sizeof ops[0] };
    int *target;
    MPI_Win win;
    MPI_Win_allocate(NOPS * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &target, &win);
    for (int i = 0; i < NOPS; i++)
    {
        target[i] = 3;
    }
    MPI_Win_fence(0, win);
    int mine = rank + 2;
    if (rank != 0 || size == 1)
    {
        for (int i = 0; i < NOPS; i++)
        {
            if (ops[i] != MPI_REPLACE || rank == size - 1)
            {
                MPI_Accumulate(&mine, 1, MPI_INT, 0, i, 1, MPI_INT, ops[i], win);
            }
        }
    }
    MPI_Win_fence(0, win);
    if (rank == 0)
    {
        for (int i = 0; i < NOPS; i++)
        {
            int expect = 3;
            for (int r = size == 1 ? 0 : 1; r < size; r++)
            {
                int v = r + 2;
                switch (i)
                {
                case 0: expect += v; break;
                case 1: expect *= v; break;
                case 2: expect = v > expect ? v : expect; break;
                case 3: expect = v < expect ? v : expect; break;
                case 4: expect = v && expect; break;
                case 5: expect &= v; break;
                case 6: expect = v || expect; break;
                case 7: expect |= v; break;
                case 8: expect = !v != !expect; break;
                case 9: expect ^= v; break;
                case 10: expect = size + 1; break;
                default: break;
                }
            }
            CHECK(target[i] == expect, "accumulate %s gave %d, want %d", names[i], target[i], expect);
            REPORT("accumulate %s -> %d", names[i], target[i]);
        }
    }
    MPI_Win_fence(0, win);
    /* MAXLOC / MINLOC on (double, int) pairs and doubles with SUM */
    struct { double value; int index; } pairs[2], pair;
    double sums[4] = {0, 0, 0, 0};
    MPI_Win pair_win, sum_win;
    MPI_Win_create(pairs, sizeof pairs, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &pair_win);
    MPI_Win_create(sums, sizeof sums, sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &sum_win);
    pairs[0].value = -1e9;
    pairs[0].index = -1;
    pairs[1].value = 1e9;
    pairs[1].index = -1;
    MPI_Win_fence(0, pair_win);
    MPI_Win_fence(0, sum_win);
    pair.value = (rank * 7) % 5;
    pair.index = rank;
    MPI_Accumulate(&pair, 1, MPI_DOUBLE_INT, 0, 0, 1, MPI_DOUBLE_INT, MPI_MAXLOC, pair_win);
    MPI_Accumulate(&pair, 1, MPI_DOUBLE_INT, 0, sizeof pair, 1, MPI_DOUBLE_INT, MPI_MINLOC, pair_win);
    double contribution[4] = {rank, 0.5, rank * rank, 1};
    MPI_Accumulate(contribution, 4, MPI_DOUBLE, size - 1, 0, 4, MPI_DOUBLE, MPI_SUM, sum_win);
    MPI_Win_fence(0, pair_win);
    MPI_Win_fence(0, sum_win);
    if (rank == 0)
    {
        double best = -1, worst = 1e9;
        int best_at = -1, worst_at = -1;
        for (int r = 0; r < size; r++)
        {
            double v = (r * 7) % 5;
            if (v > best)
            {
                best = v;
                best_at = r;
            }
            if (v < worst)
            {
                worst = v;
                worst_at = r;
            }
        }
        CHECK(pairs[0].value == best && pairs[0].index == best_at, "maxloc %g@%d", pairs[0].value, pairs[0].index);
        CHECK(pairs[1].value == worst && pairs[1].index == worst_at, "minloc %g@%d", pairs[1].value,
            pairs[1].index);
        REPORT("maxloc %g@%d minloc %g@%d", pairs[0].value, pairs[0].index, pairs[1].value, pairs[1].index);
    }
    if (rank == size - 1)
    {
        double want2 = 0;
        for (int r = 0; r < size; r++)
        {
            want2 += r * r;
        }
        CHECK(sums[0] == size * (size - 1) / 2.0 && sums[1] == 0.5 * size && sums[2] == want2 && sums[3] == size,
            "double sums %g %g %g %g", sums[0], sums[1], sums[2], sums[3]);
        REPORT("double sums %g %g %g %g", sums[0], sums[1], sums[2], sums[3]);
    }
    MPI_Win_free(&pair_win);
    MPI_Win_free(&sum_win);
    MPI_Win_free(&win);
}

static void attributes(int rank)
{
    double *base;
    MPI_Win win;
    MPI_Win_allocate(5 * sizeof(double), sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win);
    void *attr_base;
    MPI_Aint *attr_size;
    int *attr_unit, *attr_flavor, flag;
    MPI_Win_get_attr(win, MPI_WIN_BASE, &attr_base, &flag);
    CHECK(flag && attr_base == base, "MPI_WIN_BASE");
    MPI_Win_get_attr(win, MPI_WIN_SIZE, &attr_size, &flag);
    CHECK(flag && *attr_size == 5 * sizeof(double), "MPI_WIN_SIZE %ld", (long)*attr_size);
    MPI_Win_get_attr(win, MPI_WIN_DISP_UNIT, &attr_unit, &flag);
    CHECK(flag && *attr_unit == sizeof(double), "MPI_WIN_DISP_UNIT %d", *attr_unit);
    MPI_Win_get_attr(win, MPI_WIN_CREATE_FLAVOR, &attr_flavor, &flag);
    CHECK(flag && *attr_flavor == MPI_WIN_FLAVOR_ALLOCATE, "MPI_WIN_CREATE_FLAVOR %d", *attr_flavor);
    MPI_Win_free(&win);
    if (rank == 0)
    {
        REPORT("attributes ok");
    }
}

static void derived_and_large(int rank, int size)
{
    /* a strided column: every 4th int of the target, written from a contiguous origin */
    int grid[32];
    for (int i = 0; i < 32; i++)
    {
        grid[i] = 0;
    }
    MPI_Win win;
    MPI_Win_create(grid, sizeof grid, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    MPI_Datatype column;
    MPI_Type_vector(8, 1, 4, MPI_INT, &column);
    MPI_Type_commit(&column);
    int values[8];
    for (int i = 0; i < 8; i++)
    {
        values[i] = rank * 10 + i;
    }
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    MPI_Win_fence(0, win);
    MPI_Put(values, 8, MPI_INT, right, 1, 1, column, win);
    MPI_Win_fence(0, win);
    int ok = 1;
    for (int i = 0; i < 32; i++)
    {
        int want = i % 4 == 1 ? left * 10 + i / 4 : 0;
        ok &= grid[i] == want;
    }
    CHECK(ok, "strided put from rank %d", left);
    int back[8];
    MPI_Get(back, 8, MPI_INT, left, 1, 1, column, win);
    MPI_Win_fence(0, win);
    CHECK(back[7] == ((left + size - 1) % size) * 10 + 7, "strided get %d", back[7]);
    MPI_Type_free(&column);
    MPI_Win_free(&win);

    /* larger than the eager limit, both ways */
    int *big;
    MPI_Win big_win;
    MPI_Win_allocate(BIG_INTS * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &big, &big_win);
    int *out = malloc(BIG_INTS * sizeof(int)), *in = malloc(BIG_INTS * sizeof(int));
    for (int i = 0; i < BIG_INTS; i++)
    {
        out[i] = rank * BIG_INTS + i;
        big[i] = -1;
    }
    MPI_Win_fence(0, big_win);
    MPI_Put(out, BIG_INTS, MPI_INT, right, 0, BIG_INTS, MPI_INT, big_win);
    MPI_Win_fence(0, big_win);
    MPI_Get(in, BIG_INTS, MPI_INT, right, 0, BIG_INTS, MPI_INT, big_win);
    MPI_Win_fence(0, big_win);
    long bad = 0;
    for (int i = 0; i < BIG_INTS; i++)
    {
        bad += big[i] != left * BIG_INTS + i;
        bad += in[i] != rank * BIG_INTS + i;
    }
    CHECK(bad == 0, "%ld wrong ints in large put/get", bad);
    free(out);
    free(in);
    MPI_Win_free(&big_win);
    REPORT("derived and large ok");
}

static void passive_target(int rank, int size)
{
    long *counter;
    MPI_Win win;
    MPI_Win_allocate(2 * sizeof(long), sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD, &counter, &win);
    counter[0] = 0;
    counter[1] = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    /* read-modify-write under an exclusive lock: no increment may be lost */
    for (int i = 0; i < 10; i++)
    {
        long v;
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
        MPI_Get(&v, 1, MPI_LONG, 0, 0, 1, MPI_LONG, win);
        MPI_Win_flush(0, win);
        v++;
        MPI_Put(&v, 1, MPI_LONG, 0, 0, 1, MPI_LONG, win);
        MPI_Win_unlock(0, win);
    }
    /* accumulate under shared locks */
    long one = rank + 1;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
    MPI_Accumulate(&one, 1, MPI_LONG, 0, 1, 1, MPI_LONG, MPI_SUM, win);
    MPI_Win_unlock(0, win);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0)
    {
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        long seen[2];
        MPI_Get(seen, 2, MPI_LONG, 0, 0, 2, MPI_LONG, win);
        MPI_Win_unlock(0, win);
        CHECK(seen[0] == 10L * size, "exclusive increments %ld, want %ld", seen[0], 10L * size);
        CHECK(seen[1] == (long)size * (size + 1) / 2, "shared accumulate %ld", seen[1]);
        REPORT("passive target counter %ld sum %ld", seen[0], seen[1]);
    }
    MPI_Win_free(&win);

    /* lock_all: everybody writes its rank into every other rank's slot */
    int *slots;
    MPI_Win all_win;
    MPI_Win_allocate(size * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &slots, &all_win);
    for (int r = 0; r < size; r++)
    {
        slots[r] = -1;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, all_win);
    for (int r = 0; r < size; r++)
    {
        int v = rank * 3;
        MPI_Put(&v, 1, MPI_INT, r, rank, 1, MPI_INT, all_win);
    }
    MPI_Win_unlock_all(all_win);
    MPI_Barrier(MPI_COMM_WORLD);
    int ok = 1;
    for (int r = 0; r < size; r++)
    {
        ok &= slots[r] == r * 3;
    }
    CHECK(ok, "lock_all puts");
    MPI_Win_free(&all_win);
    REPORT("passive target ok");
}

static void atomics(int rank, int size)
{
    int *cells;
    MPI_Win win;
    MPI_Win_allocate(8 * sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &cells, &win);
    for (int i = 0; i < 8; i++)
    {
        cells[i] = i == 1 ? -1 : 0;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    /* a ticket counter: every fetched value is distinct */
    int tickets[5], one = 1;
    MPI_Win_lock_all(0, win);
    for (int i = 0; i < 5; i++)
    {
        MPI_Fetch_and_op(&one, &tickets[i], MPI_INT, 0, 0, MPI_SUM, win);
        MPI_Win_flush(0, win);
    }
    /* exactly one rank swaps -1 for its rank */
    int minus_one = -1, old = -7;
    MPI_Compare_and_swap(&rank, &minus_one, &old, MPI_INT, 0, 1, win);
    MPI_Win_flush_all(win);
    /* fetch-and-add on a vector, and a read with MPI_NO_OP */
    int add[3] = {rank, 1, 2 * rank}, before[3], now[3];
    MPI_Get_accumulate(add, 3, MPI_INT, before, 3, MPI_INT, 0, 2, 3, MPI_INT, MPI_SUM, win);
    MPI_Win_unlock_all(win);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
    MPI_Get_accumulate(NULL, 0, MPI_INT, now, 3, MPI_INT, 0, 2, 3, MPI_INT, MPI_NO_OP, win);
    MPI_Win_unlock(0, win);
    int ordered = 1;
    for (int i = 1; i < 5; i++)
    {
        ordered &= tickets[i] > tickets[i - 1];
    }
    CHECK(ordered, "tickets not increasing");
    CHECK(before[1] >= 0 && before[1] < size, "fetched count %d", before[1]);
    int winners = old == -1, seen = 0, ticket_sum = 0;
    for (int i = 0; i < 5; i++)
    {
        ticket_sum += tickets[i];
    }
    MPI_Allreduce(MPI_IN_PLACE, &winners, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&ticket_sum, &seen, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    int n = 5 * size;
    CHECK(winners == 1, "%d ranks won the compare-and-swap", winners);
    CHECK(seen == n * (n - 1) / 2, "tickets sum %d, want %d", seen, n * (n - 1) / 2);
    CHECK(now[0] == size * (size - 1) / 2 && now[1] == size && now[2] == size * (size - 1), "vector %d %d %d",
        now[0], now[1], now[2]);
    if (rank == 0)
    {
        REPORT("atomics: counter %d, vector %d %d %d", cells[0], now[0], now[1], now[2]);
    }
    MPI_Win_free(&win);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    fence_put_get(my_rank, size);
    accumulate_all_ops(my_rank, size);
    attributes(my_rank);
    derived_and_large(my_rank, size);
    passive_target(my_rank, size);
    atomics(my_rank, size);
    return finish();
}
