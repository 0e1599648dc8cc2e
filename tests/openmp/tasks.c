/* tasks: fib with tasks, taskwait, taskgroup, if(0), depend, taskloop with reduction, shared/firstprivate */
#include <omp.h>
#include <stdio.h>

static long fib(int n)
{
    if (n < 2) return n;
    long a, b;
#pragma omp task shared(a) if (n > 12)
    a = fib(n - 1);
#pragma omp task shared(b) if (n > 12)
    b = fib(n - 2);
#pragma omp taskwait
    return a + b;
}

int main(void)
{
    long result = 0;
#pragma omp parallel
    {
#pragma omp single
        result = fib(24);
    }
    printf("fib(24) %ld\n", result);
    int counted = 0;
#pragma omp parallel
    {
#pragma omp single
        {
#pragma omp taskgroup
            {
                for (int i = 0; i < 100; i++)
                {
#pragma omp task firstprivate(i) shared(counted)
                    {
#pragma omp atomic
                        counted += i;
                    }
                }
            }
            printf("taskgroup %d\n", counted);
        }
    }
    int x = 0, y = 0, z = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out: x) shared(x)
        x = 5;
#pragma omp task depend(in: x) depend(out: y) shared(x, y)
        y = x * 2;
#pragma omp task depend(in: y) shared(y, z)
        z = y + 1;
#pragma omp taskwait
    }
    printf("depend %d %d %d\n", x, y, z);
    long sum = 0;
#pragma omp parallel
#pragma omp single
#pragma omp taskloop reduction(+:sum) grainsize(64)
    for (int i = 0; i < 10000; i++) sum += i;
    printf("taskloop sum %ld\n", sum);
    int hits[1000] = {0};
#pragma omp parallel
#pragma omp single
#pragma omp taskloop num_tasks(7)
    for (int i = 0; i < 1000; i++) hits[i]++;
    int bad = 0;
    for (int i = 0; i < 1000; i++) bad += hits[i] != 1;
    printf("taskloop coverage %s\n", bad ? "WRONG" : "ok");
    int everyone = 0;
#pragma omp parallel
    {
#pragma omp task shared(everyone)
        {
#pragma omp atomic
            everyone++;
        }
    }
    printf("tasks per thread %s\n", everyone == omp_get_max_threads() ? "ok" : "WRONG");
    return 0;
}
