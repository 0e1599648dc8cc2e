/* exit() from a worker thread ends the program with that status */
#include <omp.h>
#include <stdlib.h>

int main(void)
{
#pragma omp parallel num_threads(3)
    {
        if (omp_get_thread_num() == 1)
        {
            exit(7);
        }
        for (volatile long i = 0; i < 2000000000L; i++)
        {
        }
    }
    return 0;
}
