/* Thread 1 of 3 recurses until the call stack runs out: the run must end naming thread 1 and the exhausted stack. */
#include <omp.h>
#include <stdio.h>

static int (*volatile recurse_through)(int);

static int recurse(int depth)
{
    return recurse_through(depth + 1) + 1;
}

int main(void)
{
    recurse_through = recurse;
    int sum = 0;
#pragma omp parallel num_threads(3) reduction(+ : sum)
    {
        if (omp_get_thread_num() == 1)
        {
            sum += recurse(0);
        }
        sum += 1;
    }
    printf("unreachable %d\n", sum);
    return 0;
}
