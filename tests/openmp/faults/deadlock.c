/* a barrier that thread 0 never reaches: only --timeout ends it */
#include <omp.h>
#include <stdio.h>

int main(void)
{
#pragma omp parallel num_threads(2)
    {
        if (omp_get_thread_num() != 0)
        {
#pragma omp barrier
        }
    }
    printf("unreachable\n");
    return 0;
}
