/*
 * A hybrid MPI + OpenMP heat-diffusion solver: the proxy application of `wabric bench` (experiments/proxy), a copy
 * of examples/heat_hybrid.c measured at 2 ranks x 1 thread, 1 x 2 and 2 x 2:
 *
 *   mpicc -fopenmp -O2 heat_hybrid.c -o heat_hybrid
 *   mpirun -np 1 --bind-to none -x OMP_NUM_THREADS=2 ./heat_hybrid 1024 200
 *   bin/wabric cc -fopenmp -O2 heat_hybrid.c -o heat_hybrid.wasm
 *   bin/wabric mpirun -np 1 --threads 2 heat_hybrid.wasm 1024 200
 *
 * The N x N plate is split into blocks of rows, one block per rank; each sweep exchanges one halo row with each
 * neighbour (MPI_Sendrecv over MPI_PROC_NULL at the edges), updates its rows with an OpenMP parallel loop
 * (5-point Jacobi stencil, hot top edge at 100 degrees) and agrees on the largest change with MPI_Allreduce(MAX).
 *
 * The verification value is the same for any number of ranks and threads: every cell's value depends only on the
 * sweep count, and the checksum adds the per-row sums in row order on rank 0 (MPI_Gatherv), so floating-point
 * rounding does not depend on the decomposition. The time goes to a separate line for comparisons.
 */
#include <mpi.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <stdio.h>
#include <stdlib.h>

static int rows_of(int rank, int ranks, int interior)
{
    return interior / ranks + (rank < interior % ranks ? 1 : 0);
}

static int first_row_of(int rank, int ranks, int interior)
{
    /* Interior rows are 1..n-2 of the global plate; rank r owns a contiguous block of them. */
    const int base = interior / ranks;
    const int extra = interior % ranks;
    return 1 + rank * base + (rank < extra ? rank : extra);
}

int main(int argc, char** argv)
{
    MPI_Init(&argc, &argv);
#ifdef _OPENMP
    const int threads = omp_get_max_threads();
#else
    const int threads = 1;
#endif
    int rank;
    int ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);

    const int n = argc > 1 ? atoi(argv[1]) : 512;
    const int sweeps = argc > 2 ? atoi(argv[2]) : 200;
    const int interior = n - 2;
    if (n < 3 || sweeps < 1 || interior < ranks)
    {
        if (rank == 0)
        {
            fprintf(stderr, "usage: heat_hybrid [N >= 3, N - 2 >= ranks] [SWEEPS >= 1] (got N=%d SWEEPS=%d, %d ranks)\n",
                n, sweeps, ranks);
        }
        MPI_Abort(MPI_COMM_WORLD, 2);
    }

    const int rows = rows_of(rank, ranks, interior);
    const int first = first_row_of(rank, ranks, interior);
    const int up = rank == 0 ? MPI_PROC_NULL : rank - 1;
    const int down = rank == ranks - 1 ? MPI_PROC_NULL : rank + 1;

    /* Local rows 1..rows are owned; rows 0 and rows+1 are halos (or the plate's fixed edges). */
    double* grid = calloc((size_t)(rows + 2) * n, sizeof(double));
    double* next = calloc((size_t)(rows + 2) * n, sizeof(double));
    if (grid == NULL || next == NULL)
    {
        fprintf(stderr, "heat_hybrid: rank %d cannot allocate two %dx%d blocks\n", rank, rows + 2, n);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (first == 1)
    {
        for (int j = 0; j < n; j++)
        {
            grid[j] = next[j] = 100.0; /* hot top edge, global row 0 */
        }
    }

    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    double change = 0.0;
    for (int s = 0; s < sweeps; s++)
    {
        MPI_Sendrecv(&grid[1 * n], n, MPI_DOUBLE, up, 0, &grid[(rows + 1) * n], n, MPI_DOUBLE, down, 0,
            MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Sendrecv(&grid[rows * n], n, MPI_DOUBLE, down, 1, &grid[0], n, MPI_DOUBLE, up, 1,
            MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        double local = 0.0;
        #pragma omp parallel for reduction(max : local) schedule(static)
        for (int i = 1; i <= rows; i++)
        {
            for (int j = 1; j < n - 1; j++)
            {
                const double v = 0.25 * (grid[(i - 1) * n + j] + grid[(i + 1) * n + j] +
                    grid[i * n + j - 1] + grid[i * n + j + 1]);
                const double d = v > grid[i * n + j] ? v - grid[i * n + j] : grid[i * n + j] - v;
                local = d > local ? d : local;
                next[i * n + j] = v;
            }
        }
        MPI_Allreduce(&local, &change, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        double* swap = grid;
        grid = next;
        next = swap;
    }
    const double elapsed = MPI_Wtime() - start;

    double* row_sums = malloc((size_t)rows * sizeof(double));
    for (int i = 0; i < rows; i++)
    {
        double sum = 0.0;
        for (int j = 0; j < n; j++)
        {
            sum += grid[(i + 1) * n + j];
        }
        row_sums[i] = sum;
    }
    int* counts = NULL;
    int* displs = NULL;
    double* all_sums = NULL;
    if (rank == 0)
    {
        counts = malloc((size_t)ranks * sizeof(int));
        displs = malloc((size_t)ranks * sizeof(int));
        all_sums = malloc((size_t)interior * sizeof(double));
        for (int r = 0; r < ranks; r++)
        {
            counts[r] = rows_of(r, ranks, interior);
            displs[r] = first_row_of(r, ranks, interior) - 1;
        }
    }
    MPI_Gatherv(row_sums, rows, MPI_DOUBLE, all_sums, counts, displs, MPI_DOUBLE, 0, MPI_COMM_WORLD);

    if (rank == 0)
    {
        double checksum = 100.0 * n; /* the hot top edge; the bottom edge is 0 */
        for (int i = 0; i < interior; i++)
        {
            checksum += all_sums[i];
        }
        printf("heat_hybrid: %dx%d plate, %d sweeps: checksum %.9e, last max change %.9e\n", n, n, sweeps,
            checksum, change);
        fprintf(stderr, "heat_hybrid: %d ranks x %d threads: %.3f ms per sweep\n", ranks, threads,
            elapsed * 1e3 / sweeps);
        free(counts);
        free(displs);
        free(all_sums);
    }
    free(row_sums);
    free(grid);
    free(next);
    MPI_Finalize();
    return 0;
}
