/* Ping-pong latency between ranks 0 and 1: median and percentiles of round trips per message size.
 * Usage: pingpong [iterations]. Not self-checking output; used for mpi-host/README.md numbers. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int iterations = argc > 1 ? atoi(argv[1]) : 10000;
    int sizes[] = {8, 1024, 65536, 1 << 20};
    char *buffer = calloc(1 << 20, 1);
    double *samples = malloc(iterations * sizeof(double));
    for (int s = 0; s < 4; s++)
    {
        int n = sizes[s];
        int count = n >= 65536 ? iterations / 10 : iterations;
        for (int i = -count / 10; i < count; i++)
        {
            MPI_Barrier(MPI_COMM_WORLD);
            double start = MPI_Wtime();
            if (rank == 0)
            {
                MPI_Send(buffer, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
                MPI_Recv(buffer, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
            else if (rank == 1)
            {
                MPI_Recv(buffer, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(buffer, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
            }
            if (i >= 0)
            {
                samples[i] = (MPI_Wtime() - start) * 1e6;
            }
        }
        if (rank == 0)
        {
            qsort(samples, count, sizeof(double), compare);
            printf("%8d B  round trip us: p50 %8.2f  p90 %8.2f  p99 %8.2f  (%d samples)\n", n, samples[count / 2],
                samples[count * 9 / 10], samples[count * 99 / 100], count);
        }
    }
    MPI_Finalize();
    return 0;
}
