/*
 * A long serial phase between two parallel regions of the same team size: threadprivate values must persist
 * (OpenMP 5.2, threadprivate: dyn-var false, same number of threads, no nesting change), and the runtime must not
 * take more memory for the second team. The pause outlasts Wabric's idle-worker retirement (5 s), so the second
 * region runs on new workers, which must take the retired ones' identities. Self-checking: prints the same lines
 * with gcc/libgomp and with wabric cc.
 */
#include <omp.h>
#include <stdio.h>
#include <time.h>

static int tp = -1;
#pragma omp threadprivate(tp)

static long memory_bytes(void)
{
#ifdef __wasm__
    return (long)__builtin_wasm_memory_size(0) * 65536L;
#else
    return 0; /* natively thread stacks are mapped outside the heap: nothing to compare */
#endif
}

static void pause_seconds(double seconds)
{
    const double start = omp_get_wtime();
    while (omp_get_wtime() - start < seconds)
    {
        struct timespec step = {0, 50 * 1000 * 1000};
        nanosleep(&step, NULL);
    }
}

int main(void)
{
    omp_set_dynamic(0);
    int threads = 0;
#pragma omp parallel
    {
        tp = omp_get_thread_num() + 100;
#pragma omp single
        threads = omp_get_num_threads();
    }
    const long before = memory_bytes();
    pause_seconds(6.0);
    int lost = 0;
#pragma omp parallel reduction(+ : lost)
    lost += tp != omp_get_thread_num() + 100;
    const long grown = memory_bytes() - before;
    printf("team of %d threads: threadprivate values lost across the pause: %d\n", threads, lost);
    printf("memory taken by the second team: %s\n", grown > 0 ? "more" : "none");
    return lost != 0 || grown > 0;
}
