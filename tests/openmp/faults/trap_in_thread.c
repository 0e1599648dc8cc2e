/* thread 2 of 4 divides by zero inside a parallel region: the run must end naming thread 2 */
#include <omp.h>
#include <stdio.h>

volatile int zero = 0;

int main(void)
{
    int sum = 0;
#pragma omp parallel num_threads(4) reduction(+:sum)
    {
        if (omp_get_thread_num() == 2)
        {
            sum += 10 / zero;
        }
        sum += 1;
    }
    printf("unreachable %d\n", sum);
    return 0;
}
