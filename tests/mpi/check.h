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

/* Prints a datatype's size, bounds and true bounds, from rank 0 only (they are the same on every rank). */
static inline void describe_type(const char *name, MPI_Datatype type)
{
    int bytes;
    MPI_Aint lb, extent, tlb, textent;
    MPI_Type_size(type, &bytes);
    MPI_Type_get_extent(type, &lb, &extent);
    MPI_Type_get_true_extent(type, &tlb, &textent);
    if (my_rank == 0)
    {
        REPORT("%s size %d lb %ld extent %ld true lb %ld true extent %ld", name, bytes, (long)lb, (long)extent,
            (long)tlb, (long)textent);
    }
}

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
