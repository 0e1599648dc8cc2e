/* Calls an MPI function Wabric does not implement (declared by hand, as code written for a bigger mpi.h might):
 * `wabric cc` must fail at link time naming it, never produce a module that fails at run time. */
#include <mpi.h>

int MPI_Comm_spawn_multiple(int count, char *commands[], char **argvs[], const int maxprocs[],
    const MPI_Info info[], int root, MPI_Comm comm, MPI_Comm *intercomm, int errcodes[]);

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm child;
    MPI_Comm_spawn_multiple(0, NULL, NULL, NULL, NULL, 0, MPI_COMM_SELF, &child, NULL);
    return MPI_Finalize();
}
