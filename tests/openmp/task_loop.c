/* task_loop: taskloop with grainsize, num_tasks and the default split, nogroup, lastprivate, collapse, reductions
 * (taskloop reduction, taskgroup task_reduction + in_reduction, the task reduction modifier on parallel and for),
 * and taskloops created by every thread at once. */
#include <omp.h>
#include <stdio.h>

enum { N = 10000 };
static int hits[N];
static int owner[N];

static int check_once(const char *what)
{
    int bad = 0;
    for (int i = 0; i < N; i++) { bad += hits[i] != 1; hits[i] = 0; }
    printf("%s coverage %s\n", what, bad ? "WRONG" : "ok");
    return bad;
}

/* How many distinct chunks a taskloop made: runs of equal chunk ids. */
static int chunks(void)
{
    int count = 0;
    for (int i = 0; i < N; i++) count += i == 0 || owner[i] != owner[i - 1];
    return count;
}

int main(void)
{
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(300)
    for (int i = 0; i < N; i++)
    {
        hits[i]++;
    }
    check_once("grainsize(300)");

    /* Chunk sizes as the specification bounds them: grainsize g gives chunks of g to 2g-1 iterations; each
     * chunk's firstprivate copy remembers the chunk's first iteration. */
    int first = -1;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(300) firstprivate(first)
    for (int i = 0; i < N; i++)
    {
        if (first < 0) first = i;
        owner[i] = first;
    }
    int small = N, large = 0;
    for (int i = 0, start = 0; i <= N; i++)
        if (i == N || (i > 0 && owner[i] != owner[i - 1]))
        {
            int len = i - start;
            if (len < small) small = len;
            if (len > large) large = len;
            start = i;
        }
    printf("grainsize(300) chunks %d, sizes %s\n", chunks(), small >= 300 && large < 600 ? "ok" : "WRONG");

#pragma omp parallel
#pragma omp single
#pragma omp taskloop num_tasks(13)
    for (int i = 0; i < N; i++) hits[i]++;
    check_once("num_tasks(13)");
    first = -1;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop num_tasks(13) firstprivate(first)
    for (int i = 0; i < N; i++)
    {
        if (first < 0) first = i;
        owner[i] = first;
    }
    printf("num_tasks(13) chunks %d\n", chunks());

    /* The default split; a negative step; 64-bit bounds. */
#pragma omp parallel
#pragma omp single
#pragma omp taskloop
    for (int i = N - 1; i >= 0; i--) hits[i]++;
    check_once("default split, step -1");
    long long big = 0;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop reduction(+: big) grainsize(1000)
    for (long long i = 5000000000LL; i < 5000000000LL + 30000; i += 3) big += i - 5000000000LL;
    printf("64-bit taskloop sum %lld\n", big);

    /* nogroup + taskwait; lastprivate; collapse. */
    int last = -1;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop nogroup grainsize(500)
        for (int i = 0; i < N; i++) hits[i]++;
#pragma omp taskwait
        check_once("nogroup + taskwait");
#pragma omp taskloop lastprivate(last) num_tasks(7)
        for (int i = 0; i < N; i += 7) last = i;
    }
    printf("lastprivate %d\n", last);
    static int matrix[100][100];
#pragma omp parallel
#pragma omp single
#pragma omp taskloop collapse(2) grainsize(97)
    for (int i = 0; i < 100; i++)
        for (int j = 0; j < 100; j++) matrix[i][j] += i * 100 + j;
    long msum = 0;
    for (int i = 0; i < 100; i++)
        for (int j = 0; j < 100; j++) msum += matrix[i][j];
    printf("collapse(2) sum %ld\n", msum);

    /* Reductions. */
    long sum = 0;
    double dsum = 0;
    int maxv = -1;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop reduction(+: sum, dsum) reduction(max: maxv) grainsize(64)
    for (int i = 0; i < N; i++)
    {
        sum += i;
        dsum += 0.5;
        if (i % 1000 > maxv) maxv = i % 1000;
    }
    printf("taskloop reduction sum %ld dsum %.1f max %d\n", sum, dsum, maxv);

    long tr = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskgroup task_reduction(+: tr)
        {
            for (int i = 1; i <= 200; i++)
            {
#pragma omp task in_reduction(+: tr) firstprivate(i)
                tr += i;
            }
#pragma omp taskloop in_reduction(+: tr) grainsize(10)
            for (int i = 0; i < 1000; i++) tr += 2;
        }
    }
    printf("task_reduction + in_reduction %ld\n", tr);

    long modifier_sum = 0;
#pragma omp parallel reduction(task, +: modifier_sum)
    {
        for (int i = 0; i < 30; i++)
        {
#pragma omp task in_reduction(+: modifier_sum) firstprivate(i)
            modifier_sum += i;
        }
    }
    printf("parallel reduction(task) %ld (per thread 435)\n", modifier_sum / omp_get_max_threads());

    long ws_sum = 0;
#pragma omp parallel
#pragma omp for reduction(task, +: ws_sum)
    for (int i = 0; i < 100; i++)
    {
#pragma omp task in_reduction(+: ws_sum) firstprivate(i)
        ws_sum += i;
    }
    printf("for reduction(task) %ld\n", ws_sum);

    /* Every thread runs its own taskloop at once. */
    long all = 0;
#pragma omp parallel reduction(+: all)
    {
        long mine = 0;
#pragma omp taskloop reduction(+: mine) num_tasks(5)
        for (int i = 0; i < 1000; i++) mine += i;
        all += mine;
    }
    printf("taskloop per thread %s\n", all == 499500L * omp_get_max_threads() ? "ok" : "WRONG");
    return 0;
}
