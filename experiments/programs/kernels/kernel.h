/*
 * Shared scaffolding for Wabric's compute kernels: argument parsing, a monotonic clock and the output protocol the
 * harness (io.wabric.experiments.KernelOutput) parses. Each kernel is built twice, with `gcc -O2` natively and with
 * `wabric cc -O2` to Wasm, and runs as `kernel SIZE REPS`.
 *
 * Output protocol (one line each, stdout):
 *   kernel NAME size SIZE reps REPS
 *   rep INDEX NANOSECONDS          one per repetition, timed around the kernel only
 *   checksum VALUE                 printed identically by the native and Wasm builds when they agree
 */
#ifndef WABRIC_KERNEL_H
#define WABRIC_KERNEL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Nanoseconds from CLOCK_MONOTONIC (WASI clock_time_get on Wabric). */
static inline int64_t kernel_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + (int64_t)ts.tv_nsec;
}

/* Parses `SIZE REPS`, printing usage and exiting with status 2 when they are missing or not positive. */
static inline void kernel_args(int argc, char** argv, const char* name, long* size, int* reps)
{
    if (argc != 3 || (*size = strtol(argv[1], NULL, 10)) <= 0 || (*reps = (int)strtol(argv[2], NULL, 10)) <= 0)
    {
        fprintf(stderr, "usage: %s SIZE REPS (both > 0)\n", name);
        exit(2);
    }
    printf("kernel %s size %ld reps %d\n", name, *size, *reps);
}

/* Allocates zeroed memory or exits naming the size. */
static inline void* kernel_alloc(size_t bytes)
{
    void* p = calloc(1, bytes);
    if (p == NULL)
    {
        fprintf(stderr, "cannot allocate %zu bytes\n", bytes);
        exit(1);
    }
    return p;
}

static inline void kernel_report_rep(int rep, int64_t elapsed_ns)
{
    printf("rep %d %lld\n", rep, (long long)elapsed_ns);
}

/* Hides a value from the optimiser so repetitions cannot be merged or hoisted. */
static inline long kernel_opaque(long value)
{
    volatile long sink = value;
    return sink;
}

#endif
