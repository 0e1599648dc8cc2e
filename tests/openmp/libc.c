/* malloc, free, realloc and printf from every thread at once */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    long checksum = 0;
    int failures = 0;
#pragma omp parallel reduction(+:checksum, failures)
    {
        char *blocks[64];
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 64; i++)
            {
                blocks[i] = malloc(16 + (size_t)((i * 37 + round) % 4000));
                memset(blocks[i], i, 16);
            }
            for (int i = 0; i < 64; i += 2)
            {
                blocks[i] = realloc(blocks[i], 8000);
            }
            for (int i = 0; i < 64; i++)
            {
                failures += blocks[i][15] != (char)i;
                checksum += blocks[i][0];
                free(blocks[i]);
            }
        }
        double *big = calloc(300000, sizeof(double));
        failures += big[299999] != 0.0;
        free(big);
        char line[64];
        snprintf(line, sizeof(line), "thread line %d\n", omp_get_thread_num() >= 0);
        printf("%s", line);
    }
    printf("checksum %ld failures %d\n", checksum, failures);
    return 0;
}
