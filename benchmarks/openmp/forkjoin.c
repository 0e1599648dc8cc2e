/*
 * The guest of benchmarks' OpenMpForkJoinBenchmark (JMH): a reactor module whose exports run n empty parallel
 * regions, n barriers in one region, n parallel reductions, and the baselines: the regions' body n times without
 * a region, and n calls of a trivial OpenMP host function (omp_get_thread_num). Built at benchmark set-up with `bin/wabric cc -fopenmp -O2 -mexec-model=reactor`.
 */
#include <omp.h>

static volatile int sink;

__attribute__((noinline)) static void body(int *counter)
{
    sink = *counter;
}

__attribute__((export_name("parallel_regions"))) int parallel_regions(int n)
{
    int counter = 0;
    for (int i = 0; i < n; i++)
    {
#pragma omp parallel
        body(&counter);
    }
    return counter;
}

__attribute__((export_name("serial_calls"))) int serial_calls(int n)
{
    int counter = 0;
    for (int i = 0; i < n; i++)
    {
        body(&counter);
    }
    return counter;
}

__attribute__((export_name("host_calls"))) int host_calls(int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
    {
        sum += omp_get_thread_num();
    }
    return sum;
}

__attribute__((export_name("barriers"))) int barriers(int n)
{
    int counter = 0;
#pragma omp parallel
    {
        for (int i = 0; i < n; i++)
        {
#pragma omp barrier
        }
        body(&counter);
    }
    return counter;
}

__attribute__((export_name("reductions"))) int reductions(int n)
{
    int total = 0;
    for (int i = 0; i < n; i++)
    {
#pragma omp parallel reduction(+:total)
        total += 1;
    }
    return total;
}

__attribute__((export_name("team_size"))) int team_size(void)
{
    int size = 0;
#pragma omp parallel
#pragma omp master
    size = omp_get_num_threads();
    return size;
}
