/* task_tree: recursive task trees with taskwait and taskgroup (fib, a binary tree traversal, a parallel
 * quicksort), final/omp_in_final, mergeable, untied and priority clauses, tasks created by every thread, and
 * tasks that grow memory while other threads wait. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static long fib(int n)
{
    if (n < 2) return n;
    long a, b;
#pragma omp task shared(a)
    a = fib(n - 1);
#pragma omp task shared(b)
    b = fib(n - 2);
#pragma omp taskwait
    return a + b;
}

static long fib_serial(int n) { return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2); }

typedef struct node { struct node *left, *right; long value; } node;

static node *build(int depth, long *next)
{
    node *n = malloc(sizeof *n);
    n->value = (*next)++;
    n->left = depth > 0 ? build(depth - 1, next) : NULL;
    n->right = depth > 0 ? build(depth - 1, next) : NULL;
    return n;
}

/* Visits every node once with a task per subtree; sums values into an atomic accumulator. */
static void visit(node *n, long *sum, int *visited)
{
    if (!n) return;
#pragma omp atomic
    *sum += n->value * n->value % 1000;
#pragma omp atomic
    (*visited)++;
#pragma omp task
    visit(n->left, sum, visited);
#pragma omp task untied
    visit(n->right, sum, visited);
}

static long depth_sum(node *n, int depth)
{
    if (!n) return 0;
    long l = 0, r = 0;
#pragma omp task shared(l) final(depth >= 4) mergeable
    l = depth_sum(n->left, depth + 1) + (omp_in_final() ? 0 : 0);
#pragma omp task shared(r) final(depth >= 4) priority(depth % 3)
    r = depth_sum(n->right, depth + 1);
#pragma omp taskwait
    return l + r + n->value;
}

static int finals_seen;

static void final_probe(int depth)
{
    if (depth == 0) return;
#pragma omp task final(depth <= 2)
    {
        if (omp_in_final())
        {
#pragma omp atomic
            finals_seen++;
        }
        final_probe(depth - 1);
    }
#pragma omp taskwait
}

static void freetree(node *n) { if (n) { freetree(n->left); freetree(n->right); free(n); } }

static void quicksort(int *a, int lo, int hi)
{
    if (hi - lo < 2) return;
    int pivot = a[(lo + hi) / 2], i = lo, j = hi - 1;
    while (i <= j)
    {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
#pragma omp task if (j + 1 - lo > 64)
    quicksort(a, lo, j + 1);
#pragma omp task if (hi - i > 64)
    quicksort(a, i, hi);
}

int main(void)
{
    long result = 0;
#pragma omp parallel
#pragma omp single
    result = fib(18);
    printf("fib(18) tasks %ld serial %ld\n", result, fib_serial(18));

    long next = 0;
    node *root = build(11, &next);
    long sum = 0, expected = 0;
    int visited = 0;
    for (long v = 0; v < next; v++) expected += v * v % 1000;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskgroup
        visit(root, &sum, &visited);
        printf("tree visited %d of %ld nodes, sum %s\n", visited, next, sum == expected ? "ok" : "WRONG");
    }
    long total = 0;
#pragma omp parallel
#pragma omp single
    total = depth_sum(root, 0);
    printf("depth sum %ld (expected %ld)\n", total, next * (next - 1) / 2);
    freetree(root);

#pragma omp parallel
#pragma omp single
    final_probe(5);
    printf("tasks that saw omp_in_final: %d\n", finals_seen);
    printf("max task priority %d\n", omp_get_max_task_priority());

    enum { N = 20000 };
    int *a = malloc(N * sizeof *a);
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) { seed = seed * 1103515245u + 12345u; a[i] = (int)(seed >> 8) % 100000; }
#pragma omp parallel
#pragma omp single
#pragma omp taskgroup
    quicksort(a, 0, N);
    int sorted = 1;
    for (int i = 1; i < N; i++) sorted &= a[i - 1] <= a[i];
    printf("quicksort %s\n", sorted ? "sorted" : "WRONG");
    free(a);

    /* Every thread creates tasks; the region's end (a barrier) waits for all of them. */
    int created[64] = {0};
    int ran = 0;
#pragma omp parallel shared(created, ran)
    {
        int me = omp_get_thread_num();
        for (int i = 0; i < 50; i++)
        {
#pragma omp task firstprivate(me)
            {
#pragma omp atomic
                ran++;
#pragma omp atomic
                created[me]++;
            }
        }
    }
    int threads = 0;
    for (int i = 0; i < 64; i++) threads += created[i] == 50;
    printf("tasks from every thread: %s, ran %d\n", threads == omp_get_max_threads() ? "ok" : "WRONG", ran);

    /* A barrier inside the region also waits for the tasks created before it. */
    int before = 0, seen_after = 0;
#pragma omp parallel shared(before, seen_after)
    {
        for (int i = 0; i < 20; i++)
        {
#pragma omp task
            {
#pragma omp atomic
                before++;
            }
        }
#pragma omp barrier
        int count;
#pragma omp atomic read
        count = before;
        if (count == 20 * omp_get_num_threads())
        {
#pragma omp atomic
            seen_after++;
        }
    }
    printf("barrier completed the tasks: %s\n", seen_after == omp_get_max_threads() ? "ok" : "WRONG");

    /* Tasks that grow memory while other threads wait for tasks (or run them). */
    long grown = 0;
#pragma omp parallel
#pragma omp single
    for (int i = 0; i < 24; i++)
    {
#pragma omp task firstprivate(i) shared(grown)
        {
            size_t bytes = (size_t)(i + 1) << 19;
            unsigned char *block = malloc(bytes);
            long local = 0;
            for (size_t k = 0; k < bytes; k += 4096) block[k] = (unsigned char)(k >> 12);
            for (size_t k = 0; k < bytes; k += 4096) local += block[k];
            free(block);
#pragma omp atomic
            grown += local;
        }
    }
    printf("tasks that grow memory: %ld\n", grown);
    return 0;
}
