/* a deferred task divides by zero while other tasks run and threads wait at the barrier: the run must end as a
 * trap naming the thread that ran the task (which one is up to the scheduler), with no thread left running */
#include <omp.h>
#include <stdio.h>

volatile int zero = 0;
int ran_on = -1;

int main(void)
{
    int sum = 0;
#pragma omp parallel num_threads(4)
#pragma omp single
    {
        for (int i = 0; i < 64; i++)
        {
#pragma omp task firstprivate(i) shared(sum)
            {
                volatile long spin = 0;
                for (int k = 0; k < 100000; k++) spin += k;
                if (i == 40)
                {
                    ran_on = omp_get_thread_num();
                    sum += 10 / zero;
                }
#pragma omp atomic
                sum += 1;
            }
        }
    }
    printf("unreachable %d\n", sum);
    return 0;
}
