/* The last rank traps (unreachable) while the others spin computing without MPI calls. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == size - 1)
    {
        __builtin_trap();
    }
    volatile unsigned long spin = 0;
    for (;;)
    {
        spin++;
    }
    MPI_Finalize();
    return 0;
}
