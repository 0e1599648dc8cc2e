/*
 * The last rank returns 0 from main after MPI_Init without calling MPI_Finalize, while the others wait for it in
 * MPI_Barrier: the job must end at once with status 1 naming the rank (as OpenMPI's mpirun does), not hang.
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char** argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == size - 1)
    {
        return 0;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    printf("rank %d: not reached\n", rank);
    MPI_Finalize();
    return 0;
}
