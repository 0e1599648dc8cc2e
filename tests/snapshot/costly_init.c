/*
 * A guest with a costly initialiser, for pre-initialised starts (wabric snapshot create / run --snapshot).
 *
 * init() fills a 4 Mi-entry table (16 MiB) with Collatz step counts and mallocs a second table: the kind of
 * start-up work (parsing models, building lookup tables) a snapshot saves. main() runs init() itself unless a
 * snapshot already did, then answers a query from the tables. The output is the same either way, except the
 * "pre-initialised" line, so runs with and without --snapshot can be compared.
 *
 *   bin/wabric cc -O2 tests/snapshot/costly_init.c -o costly_init.wasm
 *   bin/wabric snapshot create costly_init.wasm --init init -o costly_init.snap
 *   bin/wabric run --snapshot costly_init.snap costly_init.wasm 77031
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TABLE_SIZE (4 * 1024 * 1024)

static uint32_t steps[TABLE_SIZE];
static uint64_t *prefix;
static int initialised;
static volatile int constructed;

/* A constructor (volatile, so clang cannot evaluate it at compile time), to show that the init export and _start
 * each run constructors: a pre-initialised start sees 2 here, a plain start 1. */
__attribute__((constructor)) static void count_constructions(void)
{
    constructed++;
}

static uint32_t collatz_steps(uint64_t n)
{
    uint32_t count = 0;
    while (n != 1)
    {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        count++;
    }
    return count;
}

__attribute__((export_name("init"))) void init(void)
{
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
    {
        steps[i] = collatz_steps((uint64_t)i + 1);
    }
    prefix = malloc(sizeof(uint64_t) * TABLE_SIZE);
    uint64_t total = 0;
    for (uint32_t i = 0; i < TABLE_SIZE; i++)
    {
        total += steps[i];
        prefix[i] = total;
    }
    initialised = 1;
}

int main(int argc, char **argv)
{
    const int preinitialised = initialised;
    if (!initialised)
    {
        init();
    }
    const long query = argc > 1 ? atol(argv[1]) : 27;
    if (query < 1 || query > TABLE_SIZE)
    {
        fprintf(stderr, "query %ld out of range 1..%d\n", query, TABLE_SIZE);
        return 2;
    }
    printf("steps(%ld) = %u\n", query, steps[query - 1]);
    printf("sum of steps(1..%ld) = %llu\n", query, (unsigned long long)prefix[query - 1]);
    printf("constructor runs seen by main: %d\n", constructed);
    fprintf(stderr, "pre-initialised: %s\n", preinitialised ? "yes" : "no");
    return 0;
}
