/* Task-parallel speed-up: recursive fib with tasks (cut-off at depth 10 below the top), and a producer/consumer
 * pipeline (one producer feeds a consumer task per item). Prints "name seconds" lines, best of 3.
 * Usage: OMP_NUM_THREADS=N tasks [FIB_N=32] [ITEMS=4000] */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static long long fib_serial(int n) { return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2); }

static long long fib(int n, int depth)
{
    if (depth >= 10 || n < 2) return fib_serial(n);
    long long a, b;
#pragma omp task shared(a)
    a = fib(n - 1, depth + 1);
#pragma omp task shared(b)
    b = fib(n - 2, depth + 1);
#pragma omp taskwait
    return a + b;
}

static long long work(long long x)
{
    long long acc = x;
    for (int i = 0; i < 20000; i++) acc = (acc * 1103515245 + 12345) % 2147483647;
    return acc % 1000;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 32;
    int items = argc > 2 ? atoi(argv[2]) : 4000;
    double best_fib = 1e30, best_pipe = 1e30;
    long long check = 0;
    for (int rep = 0; rep < 3; rep++)
    {
        double t0 = omp_get_wtime();
        long long r = 0;
#pragma omp parallel
#pragma omp single
        r = fib(n, 0);
        double t1 = omp_get_wtime();
        long long sum = 0;
#pragma omp parallel
#pragma omp single
        for (int i = 0; i < items; i++)
        {
#pragma omp task firstprivate(i) shared(sum)
            {
                long long v = work(i);
#pragma omp atomic
                sum += v;
            }
        }
        double t2 = omp_get_wtime();
        check = r + sum;
        if (t1 - t0 < best_fib) best_fib = t1 - t0;
        if (t2 - t1 < best_pipe) best_pipe = t2 - t1;
    }
    printf("threads %d\n", omp_get_max_threads());
    printf("fib_tasks %.4f\n", best_fib);
    printf("pipeline %.4f\n", best_pipe);
    fprintf(stderr, "check %lld\n", check);
    return 0;
}
