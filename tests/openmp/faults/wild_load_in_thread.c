/*
 * Thread 2 of 3 loads from the last bytes of the 4 GiB address space, out of bounds of any linear memory: the
 * run must end naming thread 2 and the access.
 */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    int sum = 0;
#pragma omp parallel num_threads(3) reduction(+ : sum)
    {
        if (omp_get_thread_num() == 2)
        {
            sum += *(volatile char*)(uintptr_t)0xfffffff0u;
        }
        sum += 1;
    }
    printf("unreachable %d\n", sum);
    return 0;
}
