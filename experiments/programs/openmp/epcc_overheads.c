/*
 * EPCC-style OpenMP overheads: the time per construct minus the time of the same work without it.
 * Prints one line per construct: "<name> <microseconds per construct>". Run natively (gcc -fopenmp) and on
 * Wabric at the same OMP_NUM_THREADS; `bin/wabric bench --only omp-overheads` (and benchmarks/openmp/overheads.sh) do both.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define OUTER 5
#define DELAY_LENGTH 50

static volatile double sink;

static void delay(int length)
{
    double a = 0.0;
    for (int i = 0; i < length; i++)
    {
        a += i;
    }
    if (a < 0)
    {
        sink = a;
    }
}

static double reference(int inner)
{
    const double start = omp_get_wtime();
    for (int j = 0; j < inner; j++)
    {
        delay(DELAY_LENGTH);
    }
    return omp_get_wtime() - start;
}

static double best_of(double (*test)(int), int inner)
{
    double best = 1e30;
    for (int k = 0; k < OUTER; k++)
    {
        const double t = test(inner) - reference(inner);
        best = t < best ? t : best;
    }
    return best * 1e6 / inner;
}

static double test_parallel(int inner)
{
    const double start = omp_get_wtime();
    for (int j = 0; j < inner; j++)
    {
#pragma omp parallel
        delay(DELAY_LENGTH);
    }
    return omp_get_wtime() - start;
}

static double test_barrier(int inner)
{
    double elapsed = 0.0;
#pragma omp parallel
    {
        const double start = omp_get_wtime();
        for (int j = 0; j < inner; j++)
        {
            delay(DELAY_LENGTH);
#pragma omp barrier
        }
#pragma omp master
        elapsed = omp_get_wtime() - start;
    }
    return elapsed;
}

static double test_critical(int inner)
{
    double elapsed = 0.0;
    const int per_thread = inner / omp_get_max_threads();
#pragma omp parallel
    {
        const double start = omp_get_wtime();
        for (int j = 0; j < per_thread; j++)
        {
#pragma omp critical
            delay(DELAY_LENGTH);
        }
#pragma omp barrier
#pragma omp master
        elapsed = omp_get_wtime() - start;
    }
    return elapsed;
}

static double test_reduction(int inner)
{
    int total = 0;
    const double start = omp_get_wtime();
    for (int j = 0; j < inner; j++)
    {
#pragma omp parallel reduction(+:total)
        {
            delay(DELAY_LENGTH);
            total += 1;
        }
    }
    if (total < 0)
    {
        sink = total;
    }
    return omp_get_wtime() - start;
}

static double test_dynamic(int inner)
{
    double elapsed = 0.0;
    const int per_thread = 64;
    const int iterations = per_thread * omp_get_max_threads();
    const int rounds = inner / per_thread;
#pragma omp parallel
    {
        const double start = omp_get_wtime();
        for (int j = 0; j < rounds; j++)
        {
#pragma omp for schedule(dynamic, 1)
            for (int i = 0; i < iterations; i++)
            {
                delay(DELAY_LENGTH);
            }
        }
#pragma omp master
        elapsed = omp_get_wtime() - start;
    }
    return elapsed;
}

int main(int argc, char **argv)
{
    const int inner = argc > 1 ? atoi(argv[1]) : 20000;
    /* warm up (and, on Wabric, let the JIT compile the guest) */
    test_parallel(inner / 4);
    test_barrier(inner / 4);
    test_dynamic(inner / 4);
    printf("threads %d\n", omp_get_max_threads());
    printf("parallel %.3f\n", best_of(test_parallel, inner));
    printf("barrier %.3f\n", best_of(test_barrier, inner));
    printf("critical %.3f\n", best_of(test_critical, inner));
    printf("reduction %.3f\n", best_of(test_reduction, inner));
    printf("dynamic_1 %.3f\n", best_of(test_dynamic, inner));
    return 0;
}
