/* Shared helpers for the self-checking MPI tests: CHECK prints a FAIL line and counts; finish() exits 1 on any. */
#ifndef WABRIC_TEST_CHECK_H
#define WABRIC_TEST_CHECK_H

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int failures;
static int my_rank;

#define CHECK(cond, ...) \
    do \
    { \
        if (!(cond)) \
        { \
            printf("rank %d: FAIL %s:%d: ", my_rank, __FILE__, __LINE__); \
            printf(__VA_ARGS__); \
            printf("\n"); \
            failures++; \
        } \
    } while (0)

/* Prints a result line; the test driver sorts all ranks' lines before comparing runs. */
#define REPORT(...) \
    do \
    { \
        printf("rank %d: ", my_rank); \
        printf(__VA_ARGS__); \
        printf("\n"); \
    } while (0)

static int finish(void)
{
    int total = 0;
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (my_rank == 0)
    {
        printf("%s: %d failures\n", total == 0 ? "PASS" : "FAILED", total);
    }
    MPI_Finalize();
    return total == 0 ? 0 : 1;
}

#endif
