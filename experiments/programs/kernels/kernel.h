/*
 * Shared scaffolding for Wabric's compute kernels: argument parsing, a monotonic clock and the output protocol the
 * harness (io.wabric.experiments.KernelOutput) parses. Each kernel is built twice, with `gcc -O2` natively and with
 * `wabric cc -O2` to Wasm, and runs as `kernel SIZE REPS [WARMUP_REPS WARMUP_MS]`.
 *
 * Warm-up: before its REPS measured repetitions a kernel runs warm-up repetitions, at least WARMUP_REPS of them and
 * until their timed parts add up to WARMUP_MS (both 0 when not given). A Wasm build runs on a JIT compiler, which
 * keeps compiling and recompiling the kernel's loops for a second or more; a warm-up counted in time rather than in
 * repetitions gives a short kernel as long to settle as a long one. Every repetition starts from the same state (a
 * kernel that updates its arrays in place resets them, untimed, at the start of each), so the checksum does not
 * depend on how many warm-up repetitions ran and stays comparable between builds.
 *
 * Output protocol (one line each, stdout):
 *   kernel NAME size SIZE reps REPS
 *   warmup INDEX NANOSECONDS       one per warm-up repetition
 *   rep INDEX NANOSECONDS          one per measured repetition, timed around the kernel only
 *   checksum VALUE                 printed identically by the native and Wasm builds when they agree
 */
#ifndef WABRIC_KERNEL_H
#define WABRIC_KERNEL_H

#include <limits.h>
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

/* Where a kernel is in its repetitions: see kernel_next_rep and kernel_report_rep. */
typedef struct kernel_reps
{
    int measured;           /* REPS */
    int min_warmups;        /* WARMUP_REPS */
    int64_t warmup_ns;      /* WARMUP_MS, in nanoseconds */
    int warmups_done;
    int64_t warmed_ns;      /* timed nanoseconds of the warm-up repetitions so far */
    int measured_done;
    int warming;            /* whether the repetition under way is a warm-up one */
} kernel_reps;

/* Parses a whole decimal argument into *value; 0 when it is empty, has other characters or leaves [min, max]. */
static inline int kernel_parse(const char* text, long min, long max, long* value)
{
    char* end;
    *value = strtol(text, &end, 10);
    return end != text && *end == '\0' && *value >= min && *value <= max;
}

/*
 * Parses `SIZE REPS [WARMUP_REPS WARMUP_MS]`, printing usage and exiting with status 2 when they are missing, not
 * whole numbers or out of range (SIZE and REPS > 0, the warm-up values >= 0).
 */
static inline void kernel_args(int argc, char** argv, const char* name, long* size, kernel_reps* reps)
{
    long measured = 0;
    long min_warmups = 0;
    long warmup_ms = 0;
    if ((argc != 3 && argc != 5) || !kernel_parse(argv[1], 1, LONG_MAX, size) ||
        !kernel_parse(argv[2], 1, INT_MAX, &measured) ||
        (argc == 5 && (!kernel_parse(argv[3], 0, INT_MAX, &min_warmups) ||
            !kernel_parse(argv[4], 0, LONG_MAX / 1000000, &warmup_ms))))
    {
        fprintf(stderr, "usage: %s SIZE REPS [WARMUP_REPS WARMUP_MS] (SIZE, REPS > 0; warm-up values >= 0)\n", name);
        exit(2);
    }
    reps->measured = (int)measured;
    reps->min_warmups = (int)min_warmups;
    reps->warmup_ns = (int64_t)warmup_ms * 1000000LL;
    reps->warmups_done = 0;
    reps->warmed_ns = 0;
    reps->measured_done = 0;
    reps->warming = 0;
    printf("kernel %s size %ld reps %d\n", name, *size, reps->measured);
}

/* Whether another repetition is due: warm-up ones until both warm-up bounds are reached, then the measured ones. */
static inline int kernel_next_rep(kernel_reps* reps)
{
    reps->warming = reps->measured_done == 0 &&
        (reps->warmups_done < reps->min_warmups || reps->warmed_ns < reps->warmup_ns);
    return reps->warming || reps->measured_done < reps->measured;
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

/* Reports the timed part of the repetition kernel_next_rep started. */
static inline void kernel_report_rep(kernel_reps* reps, int64_t elapsed_ns)
{
    if (reps->warming)
    {
        printf("warmup %d %lld\n", reps->warmups_done++, (long long)elapsed_ns);
        reps->warmed_ns += elapsed_ns;
    }
    else
    {
        printf("rep %d %lld\n", reps->measured_done++, (long long)elapsed_ns);
    }
}

/* Hides a value from the optimiser so repetitions cannot be merged or hoisted. */
static inline long kernel_opaque(long value)
{
    volatile long sink = value;
    return sink;
}

#endif
