/* Every rank reports in rank order; checks rank, size, processor name and version. */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, version, subversion;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Get_version(&version, &subversion);
    for (int r = 0; r < size; r++)
    {
        if (r == rank)
        {
            printf("hello from rank %d of %d (MPI %d.%d)\n", rank, size, version, subversion);
            fflush(stdout);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    }
    MPI_Finalize();
    return 0;
}
