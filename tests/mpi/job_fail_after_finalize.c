/*
 * Every rank prints three lines, finalizes and returns 1, as a failed self-check does: the job's status is 1 and
 * every line must reach the output. The C library flushes buffered stdout only at exit, after MPI_Finalize, while
 * the first rank to exit has already failed the job: the other ranks must be let finish.
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char** argv)
{
    int rank;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    printf("rank %d: line 1\n", rank);
    printf("rank %d: line 2\n", rank);
    printf("rank %d: line 3\n", rank);
    MPI_Finalize();
    return 1;
}
