/* Hybrid MPI + OpenMP: every rank sums its block of a series with an OpenMP parallel-for reduction, then the
 * ranks combine their sums with MPI_Allreduce and check the closed form; a parallel region also sends nothing
 * but reads the rank, so threads see the MPI state. Built with -fopenmp. */
#include <omp.h>
#include "check.h"

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    CHECK(provided >= MPI_THREAD_FUNNELED, "provided thread level %d", provided);
    const long n = 200000;
    long first = n * my_rank / size, last = n * (my_rank + 1) / size;
    long long local = 0;
    int teams = 0;
#pragma omp parallel reduction(+ : local, teams) num_threads(2)
    {
        teams += 1;
#pragma omp for schedule(static)
        for (long i = first; i < last; i++)
        {
            local += i % 7 == 0 ? 3LL * i : i;
        }
    }
    CHECK(teams == 2, "parallel region ran %d threads", teams);
    long long total = 0;
    MPI_Allreduce(&local, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    long long expected = 0;
    for (long i = 0; i < n; i++)
    {
        expected += i % 7 == 0 ? 3LL * i : i;
    }
    CHECK(total == expected, "total %lld expected %lld", total, expected);
    REPORT("hybrid sum %lld over %d ranks x 2 threads", total, size);
    return finish();
}
