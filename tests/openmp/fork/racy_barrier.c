/* A data race caught at a barrier: threads 0 and 1 write different values into one slot in the same phase. */
#include <omp.h>
#include <stdio.h>

int slots[4];

int main(void)
{
    printf("slot %p\n", (void *)&slots[1]);
    fflush(stdout);
#pragma omp parallel num_threads(2)
    {
        slots[1] = omp_get_thread_num() + 1;
#pragma omp barrier
        slots[2] = 5;
    }
    printf("slots %d %d\n", slots[1], slots[2]);
    return 0;
}
