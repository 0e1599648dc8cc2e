/* task_depend: depend(in/out/inout) chains, diamonds and wavefronts checked against the order they impose,
 * mutexinoutset, taskwait depend, if(0) tasks with dependences, and a task that depends on an address only a
 * later task writes (which must not wait for it). */
#include <omp.h>
#include <stdio.h>
#include <unistd.h>

enum { CHAIN = 200, GRID = 12 };

static void spin(int n)
{
    volatile int x = 0;
    for (int i = 0; i < n; i++) x += i;
}

int main(void)
{
    /* A chain: each task reads the previous value and appends; any reordering breaks the sequence. */
    int value = 0, order_ok = 1;
#pragma omp parallel
#pragma omp single
    {
        for (int i = 0; i < CHAIN; i++)
        {
#pragma omp task depend(inout: value) firstprivate(i) shared(value, order_ok)
            {
                if (value != i) order_ok = 0;
                spin((i % 7) * 200);
                value = i + 1;
            }
        }
#pragma omp taskwait
    }
    printf("chain value %d order %s\n", value, order_ok ? "ok" : "WRONG");

    /* Diamonds: a -> (b, c) -> d, repeated; b and c read a, d reads both. */
    int diamonds_ok = 1;
#pragma omp parallel
#pragma omp single
    for (int round = 0; round < 30; round++)
    {
        int a = 0, b = 0, c = 0, d = 0;
#pragma omp task depend(out: a) shared(a) firstprivate(round)
        { spin(500); a = round + 1; }
#pragma omp task depend(in: a) depend(out: b) shared(a, b)
        { spin(300); b = a * 2; }
#pragma omp task depend(in: a) depend(out: c) shared(a, c)
        { spin(100); c = a * 3; }
#pragma omp task depend(in: b, c) depend(out: d) shared(b, c, d)
        d = b + c;
#pragma omp taskwait
        if (d != 5 * (round + 1)) diamonds_ok = 0;
    }
    printf("diamonds %s\n", diamonds_ok ? "ok" : "WRONG");

    /* A wavefront over a grid: cell (i, j) needs (i-1, j) and (i, j-1). */
    static long grid[GRID][GRID];
#pragma omp parallel
#pragma omp single
    for (int i = 0; i < GRID; i++)
        for (int j = 0; j < GRID; j++)
        {
#pragma omp task depend(in: grid[i > 0 ? i - 1 : i][j], grid[i][j > 0 ? j - 1 : j]) depend(out: grid[i][j]) \
    firstprivate(i, j)
            {
                long up = i > 0 ? grid[i - 1][j] : 1, left = j > 0 ? grid[i][j - 1] : 1;
                spin(50);
                grid[i][j] = (i == 0 && j == 0) ? 1 : (i == 0 ? left : j == 0 ? up : (up + left) % 1000003);
            }
        }
    printf("wavefront corner %ld\n", grid[GRID - 1][GRID - 1]);

    /* Readers between writers: all readers of version k see k, then the next writer waits for all of them. */
    int shared_value = 0, readers_ok = 1, readers_done = 0;
#pragma omp parallel
#pragma omp single
    {
        for (int version = 1; version <= 10; version++)
        {
#pragma omp task depend(out: shared_value) shared(shared_value, readers_done) firstprivate(version)
            {
                if (readers_done != (version - 1) * 5) readers_ok = 0;
                shared_value = version;
            }
            for (int r = 0; r < 5; r++)
            {
#pragma omp task depend(in: shared_value) shared(shared_value, readers_ok, readers_done) firstprivate(version)
                {
                    spin(200);
                    if (shared_value != version) readers_ok = 0;
#pragma omp atomic
                    readers_done++;
                }
            }
        }
    }
    printf("readers and writers %s (%d reads)\n", readers_ok ? "ok" : "WRONG", readers_done);

    /* mutexinoutset: tasks of the set exclude each other; a later in waits for all of them. */
    int mutex_sum = 0, inside = 0, overlap = 0, final_seen = 0;
#pragma omp parallel
#pragma omp single
    {
        for (int i = 1; i <= 20; i++)
        {
#pragma omp task depend(mutexinoutset: mutex_sum) shared(mutex_sum, inside, overlap) firstprivate(i)
            {
                int now;
#pragma omp atomic capture
                now = ++inside;
                if (now != 1) overlap = 1;
                spin(100);
                mutex_sum += i;
#pragma omp atomic
                inside--;
            }
        }
#pragma omp task depend(in: mutex_sum) shared(mutex_sum, final_seen)
        final_seen = mutex_sum;
    }
    printf("mutexinoutset sum %d seen %d overlap %s\n", mutex_sum, final_seen, overlap ? "WRONG" : "none");

    /* taskwait depend waits only for the named dependence; if(0) tasks wait for their predecessors. */
    int first = 0, second = 0, undeferred = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out: first) shared(first)
        { spin(3000); first = 1; }
#pragma omp task depend(out: second) shared(second)
        { spin(100); second = 2; }
#pragma omp taskwait depend(in: first)
        int saw_first = first;
#pragma omp task depend(in: second) if (0) shared(second, undeferred)
        undeferred = second * 10;
        printf("taskwait depend saw %d, if(0) task saw %d\n", saw_first, undeferred);
#pragma omp taskwait
    }

    /* Only earlier siblings count: a reader created before any writer does not wait for the later writer. */
    int later = 0, early_read = -1;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(in: later) shared(later, early_read)
        early_read = 0;
#pragma omp taskwait
#pragma omp task depend(out: later) shared(later)
        later = 42;
    }
    printf("early reader ran %s, later writer wrote %d\n", early_read == 0 ? "ok" : "WRONG", later);

    /* Dependences of tasks created by different parents are independent. */
    int per_thread[64] = {0}, nested_ok = 1;
#pragma omp parallel shared(per_thread, nested_ok)
    {
        int me = omp_get_thread_num();
        int x = 0;
        for (int i = 0; i < 40; i++)
        {
#pragma omp task depend(inout: x) shared(x, nested_ok) firstprivate(i)
            {
                if (x != i) nested_ok = 0;
                x = i + 1;
            }
        }
#pragma omp taskwait
        per_thread[me] = x;
    }
    int all40 = 1;
    for (int i = 0; i < omp_get_max_threads(); i++) all40 &= per_thread[i] == 40;
    printf("per-thread chains %s\n", all40 && nested_ok ? "ok" : "WRONG");
    return 0;
}
