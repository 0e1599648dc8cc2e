/*
 * MPI micro-benchmarks in the style of the OSU suite, printing every timed iteration so the harness can build
 * HdrHistogram percentiles. Built with `mpicc -O2` (run by OpenMPI's mpirun) and `wabric cc -O2` (run by
 * `wabric mpirun`); needs at least 2 ranks.
 *
 *   mpi_bench TEST MIN_BYTES MAX_BYTES STEP ITERS [WARMUP_MS]
 *
 * TEST is pingpong (rank 0 <-> rank 1; a sample is half a round trip), allreduce (MPI_SUM over doubles on all
 * ranks), alltoall (MIN..MAX bytes to each peer) or barrier (sizes ignored). Sizes run MIN, MIN*STEP, ... and always
 * MAX. Each size runs ITERS timed iterations (fewer above 64 KiB: ITERS * 64 KiB / size, at least 10) after untimed
 * ones: batches of a tenth as many, repeated until WARMUP_MS milliseconds (default 0: one batch; ten times as long
 * before the first size) have passed on rank 0, and, when WARMUP_MS is given, until ten untimed iterations have run
 * per timed one; rank 0 tells the others after each batch. The warm-up lets a runtime that compiles while it runs (a
 * JVM, whose compiler threads compete with the ranks for the cores during its first seconds) reach its steady state
 * before the samples, as OSU's fixed skip counts do not; every variant gets the same warm-up. The count matters for
 * the largest sizes, where a time alone buys few iterations: an 8 MiB allreduce across two JVMs started at 20 ms an
 * iteration and took about 20 of them to come down to 2 ms, while 200 ms gave it about 10. Every iteration of a
 * collective starts after an untimed MPI_Barrier, so a sample is one call's time on rank 0. Received values are
 * checked; a wrong one aborts with status 3.
 *
 * Output (rank 0, stdout):
 *   mpi_bench TEST ranks N
 *   sample SIZE NS NS ...         one line per size, one number per timed iteration
 *   done
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LARGE_BYTES (64 * 1024)

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + (int64_t)ts.tv_nsec;
}

static void* alloc_or_abort(size_t bytes)
{
    void* p = malloc(bytes == 0 ? 1 : bytes);
    if (p == NULL)
    {
        fprintf(stderr, "mpi_bench: cannot allocate %zu bytes\n", bytes);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    return p;
}

static void check(int ok, const char* test, long size, const char* what)
{
    if (!ok)
    {
        fprintf(stderr, "mpi_bench: %s size %ld: wrong %s\n", test, size, what);
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
}

static int iterations_for(long size, int iters)
{
    if (size <= LARGE_BYTES)
    {
        return iters;
    }
    const long scaled = (long)iters * LARGE_BYTES / size;
    return scaled < 10 ? 10 : (int)scaled;
}

/* One timed or untimed iteration of TEST at SIZE bytes; returns rank 0's nanoseconds. */
static int64_t iterate(const char* test, long size, int rank, int ranks, char* send, char* recv, int iteration)
{
    if (strcmp(test, "pingpong") == 0)
    {
        const int64_t start = now_ns();
        if (rank == 0)
        {
            send[0] = (char)iteration;
            MPI_Send(send, (int)size, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
            MPI_Recv(recv, (int)size, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            check(recv[0] == (char)(iteration + 1), test, size, "echo");
        }
        else if (rank == 1)
        {
            MPI_Recv(recv, (int)size, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            recv[0] = (char)(recv[0] + 1);
            MPI_Send(recv, (int)size, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
        return (now_ns() - start) / 2;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (strcmp(test, "allreduce") == 0)
    {
        const int count = (int)(size / (long)sizeof(double));
        double* in = (double*)send;
        double* out = (double*)recv;
        in[0] = rank + iteration;
        const int64_t start = now_ns();
        MPI_Allreduce(in, out, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        const int64_t elapsed = now_ns() - start;
        check(out[0] == (double)ranks * (ranks - 1) / 2 + (double)ranks * iteration, test, size, "sum");
        return elapsed;
    }
    if (strcmp(test, "alltoall") == 0)
    {
        for (int r = 0; r < ranks; r++)
        {
            send[(long)r * size] = (char)(rank * 16 + r);
        }
        const int64_t start = now_ns();
        MPI_Alltoall(send, (int)size, MPI_BYTE, recv, (int)size, MPI_BYTE, MPI_COMM_WORLD);
        const int64_t elapsed = now_ns() - start;
        for (int r = 0; r < ranks; r++)
        {
            check(recv[(long)r * size] == (char)(r * 16 + rank), test, size, "block");
        }
        return elapsed;
    }
    const int64_t start = now_ns();
    MPI_Barrier(MPI_COMM_WORLD);
    return now_ns() - start;
}

/*
 * COUNT iterations of TEST at SIZE bytes, each one's time stored in samples. Warm-up and timed iterations run this
 * same code, storing alike (the timed ones overwrite the warm-up's), so a JIT that compiled it during the warm-up
 * times that compiled code: a branch first taken when timing starts would send it back to the interpreter.
 */
static void iterations(const char* test, long size, int rank, int ranks, char* send, char* recv, int count,
    int64_t* samples)
{
    for (int i = 0; i < count; i++)
    {
        samples[i] = iterate(test, size, rank, ranks, send, recv, i);
    }
}

int main(int argc, char** argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    int ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    const int args_ok = argc == 6 || argc == 7;
    const char* test = args_ok ? argv[1] : "";
    const long min = args_ok ? atol(argv[2]) : 0;
    const long max = args_ok ? atol(argv[3]) : 0;
    const long step = args_ok ? atol(argv[4]) : 0;
    const int iters = args_ok ? atoi(argv[5]) : 0;
    const long warmup_ms = argc == 7 ? atol(argv[6]) : 0;
    const int known = strcmp(test, "pingpong") == 0 || strcmp(test, "allreduce") == 0 ||
        strcmp(test, "alltoall") == 0 || strcmp(test, "barrier") == 0;
    if (!known || min < 8 || max < min || step < 2 || iters < 1 || warmup_ms < 0 || ranks < 2)
    {
        if (rank == 0)
        {
            fprintf(stderr, "usage: mpi_bench pingpong|allreduce|alltoall|barrier MIN_BYTES>=8 MAX_BYTES STEP>=2 "
                "ITERS>=1 [WARMUP_MS>=0], on 2 or more ranks (got %d arguments, %d ranks)\n", argc - 1, ranks);
        }
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    const int sized = strcmp(test, "barrier") != 0;
    const long per_rank = strcmp(test, "alltoall") == 0 ? (long)ranks : 1;
    char* send = alloc_or_abort((size_t)(max * per_rank));
    char* recv = alloc_or_abort((size_t)(max * per_rank));
    memset(send, 1, (size_t)(max * per_rank));
    memset(recv, 0, (size_t)(max * per_rank));
    /* every size's samples are kept and printed at the end, so no printing (and no compiling of printf by a JIT)
     * happens while sizes are timed */
    int sizes = 1;
    for (long s = min; sized && s < max; s = s * step < max ? s * step : max)
    {
        sizes++;
    }
    int64_t* samples = alloc_or_abort(sizeof(int64_t) * (size_t)iters * (size_t)sizes);
    long* sample_sizes = alloc_or_abort(sizeof(long) * (size_t)sizes);
    int* sample_counts = alloc_or_abort(sizeof(int) * (size_t)sizes);
    long size = sized ? min : 8;
    for (int index = 0;; index++)
    {
        const int timed = iterations_for(size, iters);
        const int untimed = timed / 10 + 1;
        const int64_t warmup_start = now_ns();
        const int64_t warmup_ns = warmup_ms * 1000000LL * (size == (sized ? min : 8) ? 10 : 1);
        const long warmup_count = warmup_ms > 0 ? 10L * timed : 0L;
        long warmed = 0;
        for (int more = 1; more;)
        {
            iterations(test, size, rank, ranks, send, recv, untimed, samples + (size_t)index * (size_t)iters);
            warmed += untimed;
            more = rank == 0 && (now_ns() - warmup_start < warmup_ns || warmed < warmup_count);
            MPI_Bcast(&more, 1, MPI_INT, 0, MPI_COMM_WORLD);
        }
        iterations(test, size, rank, ranks, send, recv, timed, samples + (size_t)index * (size_t)iters);
        sample_sizes[index] = sized ? size : 0L;
        sample_counts[index] = timed;
        if (!sized || size >= max)
        {
            break;
        }
        size = size * step < max ? size * step : max;
    }
    if (rank == 0)
    {
        printf("mpi_bench %s ranks %d\n", test, ranks);
        for (int index = 0; index < sizes; index++)
        {
            printf("sample %ld", sample_sizes[index]);
            for (int i = 0; i < sample_counts[index]; i++)
            {
                printf(" %lld", (long long)samples[(size_t)index * (size_t)iters + i]);
            }
            printf("\n");
        }
        printf("done\n");
    }
    free(sample_counts);
    free(sample_sizes);
    free(samples);
    free(send);
    free(recv);
    MPI_Finalize();
    return 0;
}
