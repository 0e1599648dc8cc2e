/* A data race: every thread stores its own number into one shared int with no synchronisation. Fork mode must
 * report it at the end of the region, with the variable's offset. */
#include <omp.h>
#include <stdio.h>

int winner = -1;

int main(void)
{
    printf("winner %p\n", (void *)&winner);
    fflush(stdout);
#pragma omp parallel
    {
        winner = omp_get_thread_num() + 10;
    }
    printf("winner %d\n", winner);
    return 0;
}
