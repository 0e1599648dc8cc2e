/*
 * EPCC-style OpenMP overheads: the time per construct minus the time of the same work without it.
 * Prints one line per construct: "<name> <microseconds per construct>". Run natively (gcc -fopenmp) and on
 * Wabric at the same OMP_NUM_THREADS; `bin/wabric bench --only omp-overheads` (and benchmarks/openmp/overheads.sh) do both.
 *
 * Runs as `epcc_overheads [INNER [WARMUP_MS]]` (defaults 20000 and 0): before timing, the reference delay loop and
 * every construct run INNER/4 times, in rounds, until the rounds have taken WARMUP_MS. Counted in time, the warm-up
 * lets a JIT-compiled runtime (Wabric's) settle however short INNER is: with a single round, the empty region
 * measured 4-5 us at INNER 5000 and 1.1-1.4 us at 20000 on the same build. The reference is warmed too, or its
 * first timings run slower than the delays inside the constructs and the overheads come out too low.
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
    char* inner_end = NULL;
    char* warmup_end = NULL;
    const long inner = argc > 1 ? strtol(argv[1], &inner_end, 10) : 20000;
    const long warmup_ms = argc > 2 ? strtol(argv[2], &warmup_end, 10) : 0;
    const double warmup_s = warmup_ms / 1000.0;
    if (argc > 3 || (inner_end != NULL && (inner_end == argv[1] || *inner_end != '\0')) || inner <= 0 ||
        inner > 1000000000 || (warmup_end != NULL && (warmup_end == argv[2] || *warmup_end != '\0')) ||
        warmup_ms < 0)
    {
        fprintf(stderr, "usage: epcc_overheads [INNER [WARMUP_MS]] (INNER 1 to 1000000000, WARMUP_MS >= 0)\n");
        return 2;
    }
    /* warm up (and, on Wabric, let the JIT compile the guest and the runtime): at least one round, then rounds
       until WARMUP_MS have passed */
    const double warmup_start = omp_get_wtime();
    do
    {
        reference(inner / 4);
        test_parallel(inner / 4);
        test_barrier(inner / 4);
        test_critical(inner / 4);
        test_reduction(inner / 4);
        test_dynamic(inner / 4);
    } while (omp_get_wtime() - warmup_start < warmup_s);
    printf("threads %d\n", omp_get_max_threads());
    printf("parallel %.3f\n", best_of(test_parallel, inner));
    printf("barrier %.3f\n", best_of(test_barrier, inner));
    printf("critical %.3f\n", best_of(test_critical, inner));
    printf("reduction %.3f\n", best_of(test_reduction, inner));
    printf("dynamic_1 %.3f\n", best_of(test_dynamic, inner));
    return 0;
}
