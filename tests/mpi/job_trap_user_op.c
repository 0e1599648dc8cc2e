/*
 * A user reduction function traps while a non-blocking allreduce combines: the rank whose thread runs it (inside
 * its MPI_Wait, by MPI's progress rule) ends as a trap, like a trap anywhere else, and the job ends.
 */
#include <mpi.h>
#include <stdio.h>

static void trap_on_combine(void* in, void* inout, int* len, MPI_Datatype* type)
{
    (void)in;
    (void)inout;
    (void)type;
    if (*len > 0)
    {
        __builtin_trap();
    }
}

int main(int argc, char** argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Op op;
    MPI_Op_create(trap_on_combine, 1, &op);
    int in = rank;
    int out = 0;
    MPI_Request request;
    MPI_Iallreduce(&in, &out, 1, MPI_INT, op, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    printf("not reached on rank %d: %d\n", rank, out);
    MPI_Finalize();
    return 0;
}
