/*
 * Memory growth while messages land: rank 0 posts MPI_Irecv, then grows its linear memory (malloc asking for
 * pages) while rank 1's 32 MiB message is written into the posted buffer by another thread (the sender's, in one
 * JVM; the transport's, across processes). A grow copies the memory into a larger array; a write that overlapped
 * the copy must not be lost. Half the rounds receive into a strided datatype (written block by block).
 */
#include "check.h"

#include <string.h>

#define COUNT (1 << 23) /* ints: 32 MiB messages */
#define ROUNDS 16

static char* volatile sink; /* keeps the allocations from being optimised away */

int main(int argc, char** argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Datatype every_other;
    MPI_Type_vector(COUNT / 2, 1, 2, MPI_INT, &every_other);
    MPI_Type_commit(&every_other);
    int* buf = malloc(COUNT * sizeof(int));
    CHECK(buf != NULL, "cannot allocate the buffer");
    for (int round = 0; round < ROUNDS && size >= 2; round++)
    {
        const int strided = round % 2;
        if (my_rank == 1)
        {
            for (int i = 0; i < COUNT; i++)
            {
                buf[i] = i ^ round;
            }
            MPI_Barrier(MPI_COMM_WORLD); /* rank 0's receive is posted: this send lands in it */
            /* start at varying points of rank 0's grows */
            const double until = MPI_Wtime() + 0.001 * (round % 8);
            while (MPI_Wtime() < until)
            {
            }
            MPI_Send(buf, strided ? COUNT / 2 : COUNT, MPI_INT, 0, round, MPI_COMM_WORLD);
        }
        else if (my_rank == 0)
        {
            memset(buf, 0xff, COUNT * sizeof(int));
            MPI_Request request;
            if (strided)
            {
                MPI_Irecv(buf, 1, every_other, 1, round, MPI_COMM_WORLD, &request);
            }
            else
            {
                MPI_Irecv(buf, COUNT, MPI_INT, 1, round, MPI_COMM_WORLD, &request);
            }
            MPI_Barrier(MPI_COMM_WORLD);
            for (int k = 0; k < 4; k++)
            {
                sink = malloc(1 << 20); /* never freed: each one asks for more pages */
                CHECK(sink != NULL, "round %d: cannot grow", round);
                sink[0] = 1;
            }
            MPI_Wait(&request, MPI_STATUS_IGNORE);
            int wrong = 0;
            for (int i = 0; i < COUNT; i++)
            {
                const int expected = !strided ? i ^ round : i % 2 == 0 ? (i / 2) ^ round : -1;
                wrong += buf[i] != expected;
            }
            CHECK(wrong == 0, "round %d (%s): %d of %d ints wrong", round, strided ? "strided" : "contiguous", wrong,
                COUNT);
        }
        else
        {
            MPI_Barrier(MPI_COMM_WORLD);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    }
    REPORT("%d rounds of 32 MiB received while growing", ROUNDS);
    MPI_Type_free(&every_other);
    free(buf);
    return finish();
}
