/* Differential test of memory growth: `grow MIB` allocates MIB one-MiB blocks, fills each, and prints a checksum
 * (linear memory grows as malloc asks for pages). `until-null LIMIT_MIB` allocates until malloc returns NULL or
 * LIMIT_MIB is reached and reports which: under `wabric run --max-memory` (or natively under `ulimit -v`) malloc
 * must return NULL and the program must say so itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1024 * 1024)

int main(int argc, char** argv)
{
    if (argc < 3)
    {
        fprintf(stderr, "usage: malloc_grow grow MIB | until-null LIMIT_MIB\n");
        return 64;
    }
    const int count = atoi(argv[2]);
    if (strcmp(argv[1], "grow") == 0)
    {
        unsigned char** blocks = calloc(count, sizeof(unsigned char*));
        for (int i = 0; i < count; i++)
        {
            blocks[i] = malloc(MIB);
            if (blocks[i] == NULL)
            {
                printf("malloc returned NULL at block %d\n", i);
                return 3;
            }
            memset(blocks[i], (i * 7 + 1) & 0xff, MIB);
        }
        uint64_t checksum = 0;
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < MIB; j += 4096)
            {
                checksum = checksum * 31 + blocks[i][j] + (uint64_t)j;
            }
            free(blocks[i]);
        }
        free(blocks);
        printf("grew %d MiB checksum=%llu\n", count, (unsigned long long)checksum);
        return 0;
    }
    if (strcmp(argv[1], "until-null") == 0)
    {
        /* Blocks are chained and walked at the end so no compiler may drop the allocations. */
        void* previous = NULL;
        int allocated = 0;
        for (; allocated < count; allocated++)
        {
            void** block = malloc(MIB);
            if (block == NULL)
            {
                break;
            }
            memset(block, 1, MIB);
            block[0] = previous;
            previous = block;
        }
        int walked = 0;
        for (void** block = previous; block != NULL; block = *block)
        {
            walked++;
        }
        if (allocated < count)
        {
            printf("malloc returned NULL before the %d MiB limit (chain intact: %s)\n", count,
                walked == allocated ? "yes" : "no");
            return 0;
        }
        printf("allocated all %d MiB without NULL (chain intact: %s)\n", count, walked == allocated ? "yes" : "no");
        return 1;
    }
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 64;
}
