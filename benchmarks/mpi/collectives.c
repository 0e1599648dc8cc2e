/*
 * The guest of benchmarks' MpiCollectiveBenchmark (JMH): a reactor module, one instance per rank of an in-JVM
 * world, whose exports run n calls of one collective on MPI_COMM_WORLD (or n round trips, or n calls of
 * MPI_Comm_rank), so the call into the guest is spread thin.
 * Built at benchmark set-up with `bin/wabric cc -O2 -mexec-model=reactor`.
 */
#include <mpi.h>

#define MAX_DOUBLES 8192

static double send_buffer[MAX_DOUBLES];
static double receive_buffer[MAX_DOUBLES];

__attribute__((export_name("init"))) int init(void)
{
    int rank = -1;
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int i = 0; i < MAX_DOUBLES; i++)
    {
        send_buffer[i] = rank + i;
    }
    return rank;
}

__attribute__((export_name("allreduces"))) int allreduces(int n, int count)
{
    for (int i = 0; i < n; i++)
    {
        MPI_Allreduce(send_buffer, receive_buffer, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    }
    return (int)receive_buffer[0];
}

__attribute__((export_name("in_place_allreduces"))) int in_place_allreduces(int n, int count)
{
    for (int i = 0; i < n; i++)
    {
        MPI_Allreduce(MPI_IN_PLACE, receive_buffer, count, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    }
    return (int)receive_buffer[0];
}

__attribute__((export_name("bcasts"))) int bcasts(int n, int count)
{
    for (int i = 0; i < n; i++)
    {
        MPI_Bcast(send_buffer, count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
    return (int)send_buffer[0];
}

__attribute__((export_name("reduces"))) int reduces(int n, int count)
{
    for (int i = 0; i < n; i++)
    {
        MPI_Reduce(send_buffer, receive_buffer, count, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    }
    return (int)receive_buffer[0];
}

__attribute__((export_name("barriers"))) int barriers(int n, int count)
{
    (void)count;
    for (int i = 0; i < n; i++)
    {
        MPI_Barrier(MPI_COMM_WORLD);
    }
    return n;
}

__attribute__((export_name("pingpongs"))) int pingpongs(int n, int count)
{
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    for (int i = 0; i < n; i++)
    {
        if (rank == 0)
        {
            MPI_Send(send_buffer, count, MPI_DOUBLE, 1, 5, MPI_COMM_WORLD);
            MPI_Recv(receive_buffer, count, MPI_DOUBLE, 1, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        else
        {
            MPI_Recv(receive_buffer, count, MPI_DOUBLE, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(send_buffer, count, MPI_DOUBLE, 0, 6, MPI_COMM_WORLD);
        }
    }
    return (int)receive_buffer[0];
}

__attribute__((export_name("comm_ranks"))) int comm_ranks(int n, int count)
{
    (void)count;
    int rank = 0;
    int sum = 0;
    for (int i = 0; i < n; i++)
    {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        sum += rank;
    }
    return sum;
}

__attribute__((export_name("finalize"))) int finalize(void)
{
    return MPI_Finalize();
}
