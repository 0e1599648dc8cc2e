/* A bad target rank in MPI_Put under the window's default MPI_ERRORS_ARE_FATAL ends the job with MPI_ERR_RANK (6),
 * naming the call, the rank and the value. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, memory[2] = {0, 0};
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Win win;
    MPI_Win_create(memory, sizeof memory, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    MPI_Win_fence(0, win);
    if (rank == 0)
    {
        MPI_Put(&rank, 1, MPI_INT, size, 0, 1, MPI_INT, win);
        printf("not reached: the window's handler is MPI_ERRORS_ARE_FATAL\n");
    }
    MPI_Win_fence(0, win);
    MPI_Win_free(&win);
    MPI_Finalize();
    return 0;
}
