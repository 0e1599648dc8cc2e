/* Point to point: tags, wildcards, probe, counts, PROC_NULL, non-overtaking, send modes, long messages (posted,
 * unexpected, strided, synchronous, truncated, in order), nonblocking completion. */
#include "check.h"
#include <string.h>

#define BIG (1 << 18)
/* 6 MiB of ints: longer than the 2 MiB shared-memory ring that carries long messages between processes */
#define LONG_INTS (3 << 19)

static void tags_and_wildcards(int rank, int size)
{
    if (size < 2)
    {
        return;
    }
    if (rank == 1)
    {
        int a = 10, b = 20, c = 30;
        MPI_Send(&a, 1, MPI_INT, 0, 7, MPI_COMM_WORLD);
        MPI_Send(&b, 1, MPI_INT, 0, 8, MPI_COMM_WORLD);
        MPI_Send(&c, 1, MPI_INT, 0, 7, MPI_COMM_WORLD);
    }
    else if (rank == 0)
    {
        int v;
        MPI_Status status;
        MPI_Recv(&v, 1, MPI_INT, 1, 8, MPI_COMM_WORLD, &status);
        CHECK(v == 20 && status.MPI_TAG == 8 && status.MPI_SOURCE == 1, "tag 8 got %d", v);
        MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &status);
        CHECK(v == 10, "first tag 7 message must come first (non-overtaking), got %d", v);
        MPI_Recv(&v, 1, MPI_INT, 1, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        CHECK(v == 30 && status.MPI_TAG == 7, "any tag got %d tag %d", v, status.MPI_TAG);
        REPORT("tags ok");
    }
}

static void any_source(int rank, int size)
{
    if (rank != 0)
    {
        int v = rank * 100;
        MPI_Send(&v, 1, MPI_INT, 0, rank, MPI_COMM_WORLD);
        /* The barrier keeps the next phase's messages out of rank 0's MPI_ANY_TAG probes below. */
        MPI_Barrier(MPI_COMM_WORLD);
        return;
    }
    int seen = 0;
    for (int i = 1; i < size; i++)
    {
        int v, count;
        MPI_Status status;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        MPI_Get_count(&status, MPI_INT, &count);
        CHECK(count == 1, "probe count %d", count);
        MPI_Recv(&v, 1, MPI_INT, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, &status);
        CHECK(v == status.MPI_SOURCE * 100 && status.MPI_TAG == status.MPI_SOURCE, "from %d got %d",
            status.MPI_SOURCE, v);
        seen += status.MPI_SOURCE;
    }
    CHECK(seen == size * (size - 1) / 2, "sources sum %d", seen);
    MPI_Barrier(MPI_COMM_WORLD);
    REPORT("any source from %d ranks", size - 1);
}

static void proc_null_and_counts(int rank, int size)
{
    int v = 5;
    MPI_Status status;
    MPI_Send(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD);
    MPI_Recv(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &status);
    int count = -1;
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(status.MPI_SOURCE == MPI_PROC_NULL && status.MPI_TAG == MPI_ANY_TAG && count == 0,
        "PROC_NULL status source %d tag %d count %d", status.MPI_SOURCE, status.MPI_TAG, count);
    CHECK(v == 5, "PROC_NULL receive changed the buffer");
    /* a short message into a long buffer: Get_count says how much came */
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    double out[3] = {rank, rank + 0.5, rank + 0.25}, in[8];
    MPI_Sendrecv(out, 3, MPI_DOUBLE, right, 3, in, 8, MPI_DOUBLE, left, 3, MPI_COMM_WORLD, &status);
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    CHECK(count == 3 && in[0] == left && in[2] == left + 0.25, "sendrecv count %d in0 %g", count, in[0]);
    MPI_Get_count(&status, MPI_BYTE, &count);
    CHECK(count == 24, "byte count %d", count);
    int chars;
    MPI_Get_count(&status, MPI_2INT, &chars);
    CHECK(chars == 3, "2INT count of 24 bytes %d", chars);
    int ring = rank;
    MPI_Sendrecv_replace(&ring, 1, MPI_INT, right, 4, left, 4, MPI_COMM_WORLD, &status);
    CHECK(ring == left, "sendrecv_replace got %d", ring);
    REPORT("proc null, counts, sendrecv ok");
}

static void send_modes(int rank, int size)
{
    if (size < 2 || rank > 1)
    {
        return;
    }
    int peer = 1 - rank;
    int v = rank + 1, got = 0;
    if (rank == 0)
    {
        MPI_Ssend(&v, 1, MPI_INT, peer, 1, MPI_COMM_WORLD);
        MPI_Recv(&got, 1, MPI_INT, peer, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        char buffer[256 + MPI_BSEND_OVERHEAD];
        MPI_Buffer_attach(buffer, sizeof buffer);
        MPI_Bsend(&v, 1, MPI_INT, peer, 3, MPI_COMM_WORLD);
        void *detached;
        int detachedSize;
        MPI_Buffer_detach(&detached, &detachedSize);
        CHECK(detached == (void *)buffer && detachedSize == (int)sizeof buffer, "detach size %d", detachedSize);
        MPI_Send(&v, 1, MPI_INT, peer, 4, MPI_COMM_WORLD);
    }
    else
    {
        MPI_Recv(&got, 1, MPI_INT, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Rsend(&v, 1, MPI_INT, peer, 2, MPI_COMM_WORLD);
        MPI_Recv(&got, 1, MPI_INT, peer, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Recv(&got, 1, MPI_INT, peer, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    CHECK(got == peer + 1, "send modes got %d", got);
    REPORT("send modes ok");
}

static void big_exchange(int rank, int size)
{
    /* every rank sends a large message to both neighbours at once: must not deadlock */
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *out = malloc(BIG * sizeof(int)), *fromLeft = malloc(BIG * sizeof(int)), *fromRight = malloc(BIG * sizeof(int));
    for (int i = 0; i < BIG; i++)
    {
        out[i] = rank * BIG + i;
    }
    MPI_Request requests[4];
    MPI_Isend(out, BIG, MPI_INT, right, 9, MPI_COMM_WORLD, &requests[0]);
    MPI_Isend(out, BIG, MPI_INT, left, 10, MPI_COMM_WORLD, &requests[1]);
    MPI_Irecv(fromLeft, BIG, MPI_INT, left, 9, MPI_COMM_WORLD, &requests[2]);
    MPI_Irecv(fromRight, BIG, MPI_INT, right, 10, MPI_COMM_WORLD, &requests[3]);
    MPI_Status statuses[4];
    MPI_Waitall(4, requests, statuses);
    int bad = 0;
    for (int i = 0; i < BIG; i++)
    {
        bad += fromLeft[i] != left * BIG + i || fromRight[i] != right * BIG + i;
    }
    CHECK(bad == 0 && requests[0] == MPI_REQUEST_NULL && statuses[2].MPI_SOURCE == left, "big exchange %d bad", bad);
    REPORT("big exchange of %d ints ok", BIG);
    free(out);
    free(fromLeft);
    free(fromRight);
}

static int long_value(int seed, int i)
{
    return seed * 7919 + i * 31;
}

static int long_bad(const int* data, int count, int stride, int seed)
{
    int bad = 0;
    for (int i = 0; i < count; i++)
    {
        bad += data[(long)i * stride] != long_value(seed, i);
    }
    return bad;
}

static void long_messages(int rank, int size)
{
    /* long messages from the last rank to rank 0 (another process when ranks span processes): into a receive
     * posted first, arriving before their receive, into a strided datatype, synchronous, truncated, and in order
     * with a short one between them */
    const int last = size - 1;
    if (size < 2 || (rank != 0 && rank != last))
    {
        return;
    }
    int* data = malloc((size_t)LONG_INTS * 2 * sizeof(int));
    int ready = 1;
    int count;
    MPI_Status status;
    if (rank == last)
    {
        for (int i = 0; i < LONG_INTS; i++)
        {
            data[i] = long_value(1, i);
        }
        MPI_Recv(&ready, 1, MPI_INT, 0, 40, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(data, LONG_INTS, MPI_INT, 0, 41, MPI_COMM_WORLD);
        MPI_Request early;
        MPI_Isend(data, LONG_INTS, MPI_INT, 0, 42, MPI_COMM_WORLD, &early);
        MPI_Send(&ready, 1, MPI_INT, 0, 43, MPI_COMM_WORLD);
        MPI_Wait(&early, MPI_STATUS_IGNORE);
        MPI_Send(data, LONG_INTS / 2, MPI_INT, 0, 44, MPI_COMM_WORLD);
        MPI_Ssend(data, LONG_INTS, MPI_INT, 0, 45, MPI_COMM_WORLD);
        MPI_Send(data, LONG_INTS, MPI_INT, 0, 46, MPI_COMM_WORLD);
        MPI_Send(data, LONG_INTS, MPI_INT, 0, 47, MPI_COMM_WORLD);
        MPI_Send(&ready, 1, MPI_INT, 0, 47, MPI_COMM_WORLD);
        for (int i = 0; i < LONG_INTS; i++)
        {
            data[i] = long_value(2, i);
        }
        MPI_Send(data, LONG_INTS, MPI_INT, 0, 47, MPI_COMM_WORLD);
        free(data);
        return;
    }
    MPI_Request posted;
    MPI_Irecv(data, LONG_INTS, MPI_INT, last, 41, MPI_COMM_WORLD, &posted);
    MPI_Send(&ready, 1, MPI_INT, last, 40, MPI_COMM_WORLD);
    MPI_Wait(&posted, &status);
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(count == LONG_INTS && long_bad(data, LONG_INTS, 1, 1) == 0, "posted long receive: %d ints", count);

    /* tag 43 was sent after tag 42: once it is here, tag 42 has arrived unexpected */
    MPI_Recv(&ready, 1, MPI_INT, last, 43, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    memset(data, 0, (size_t)LONG_INTS * sizeof(int));
    MPI_Recv(data, LONG_INTS, MPI_INT, MPI_ANY_SOURCE, 42, MPI_COMM_WORLD, &status);
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(count == LONG_INTS && status.MPI_SOURCE == last && long_bad(data, LONG_INTS, 1, 1) == 0,
        "unexpected long message: %d ints from %d", count, status.MPI_SOURCE);

    MPI_Datatype every_other;
    MPI_Type_vector(LONG_INTS / 2, 1, 2, MPI_INT, &every_other);
    MPI_Type_commit(&every_other);
    memset(data, 0, (size_t)LONG_INTS * 2 * sizeof(int));
    MPI_Recv(data, 1, every_other, last, 44, MPI_COMM_WORLD, &status);
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(count == LONG_INTS / 2 && long_bad(data, LONG_INTS / 2, 2, 1) == 0 && data[1] == 0,
        "strided long receive: %d ints", count);
    MPI_Type_free(&every_other);

    MPI_Recv(data, LONG_INTS, MPI_INT, last, 45, MPI_COMM_WORLD, &status);
    CHECK(long_bad(data, LONG_INTS, 1, 1) == 0, "synchronous long message");

    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    const int rc = MPI_Recv(data, LONG_INTS / 4, MPI_INT, last, 46, MPI_COMM_WORLD, &status);
    int error_class = MPI_SUCCESS;
    MPI_Error_class(rc, &error_class);
    CHECK(error_class == MPI_ERR_TRUNCATE, "a long message into a short receive: error class %d", error_class);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);

    int order_ok = 1;
    for (int k = 0; k < 3; k++)
    {
        memset(data, 0, (size_t)LONG_INTS * sizeof(int));
        MPI_Recv(data, LONG_INTS, MPI_INT, last, 47, MPI_COMM_WORLD, &status);
        MPI_Get_count(&status, MPI_INT, &count);
        order_ok &= k == 1 ? count == 1 : count == LONG_INTS && long_bad(data, LONG_INTS, 1, k == 0 ? 1 : 2) == 0;
    }
    CHECK(order_ok, "long, short, long from one sender must arrive in the order sent");
    REPORT("long messages ok");
    free(data);
}

static void completion_variants(int rank, int size)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    enum { N = 4 };
    int out[N], in[N];
    MPI_Request recvs[N], sends[N];
    for (int i = 0; i < N; i++)
    {
        out[i] = rank * 10 + i;
        MPI_Irecv(&in[i], 1, MPI_INT, left, 20 + i, MPI_COMM_WORLD, &recvs[i]);
    }
    for (int i = N - 1; i >= 0; i--)
    {
        MPI_Isend(&out[i], 1, MPI_INT, right, 20 + i, MPI_COMM_WORLD, &sends[i]);
    }
    int index, done = 0, flag;
    MPI_Status status;
    MPI_Waitany(N, recvs, &index, &status);
    CHECK(index >= 0 && in[index] == left * 10 + index && status.MPI_TAG == 20 + index, "waitany %d", index);
    done++;
    int outcount, indices[N];
    while (done < N)
    {
        MPI_Waitsome(N, recvs, &outcount, indices, MPI_STATUSES_IGNORE);
        CHECK(outcount != MPI_UNDEFINED && outcount >= 1, "waitsome outcount %d", outcount);
        done += outcount;
    }
    MPI_Waitsome(N, recvs, &outcount, indices, MPI_STATUSES_IGNORE);
    CHECK(outcount == MPI_UNDEFINED, "waitsome on all-null gives MPI_UNDEFINED, got %d", outcount);
    do
    {
        MPI_Testall(N, sends, &flag, MPI_STATUSES_IGNORE);
    } while (!flag);
    for (int i = 0; i < N; i++)
    {
        CHECK(in[i] == left * 10 + i, "in[%d]=%d", i, in[i]);
    }
    MPI_Request request;
    int value = -1;
    MPI_Irecv(&value, 1, MPI_INT, left, 30, MPI_COMM_WORLD, &request);
    MPI_Send(&rank, 1, MPI_INT, right, 30, MPI_COMM_WORLD);
    do
    {
        MPI_Test(&request, &flag, &status);
    } while (!flag);
    CHECK(value == left && request == MPI_REQUEST_NULL, "test got %d", value);
    MPI_Irecv(&value, 1, MPI_INT, left, 31, MPI_COMM_WORLD, &recvs[0]);
    recvs[1] = MPI_REQUEST_NULL;
    MPI_Send(&rank, 1, MPI_INT, right, 31, MPI_COMM_WORLD);
    do
    {
        MPI_Testany(2, recvs, &index, &flag, &status);
    } while (!flag);
    CHECK(index == 0 && value == left, "testany index %d", index);
    MPI_Isend(&rank, 1, MPI_INT, right, 32, MPI_COMM_WORLD, &request);
    MPI_Request_free(&request);
    CHECK(request == MPI_REQUEST_NULL, "request_free sets MPI_REQUEST_NULL");
    MPI_Recv(&value, 1, MPI_INT, left, 32, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(value == left, "freed send still delivered %d", value);
    MPI_Iprobe(MPI_ANY_SOURCE, 999, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    CHECK(!flag, "iprobe found a message that was never sent");
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    REPORT("nonblocking completion ok");
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    tags_and_wildcards(my_rank, size);
    any_source(my_rank, size);
    proc_null_and_counts(my_rank, size);
    send_modes(my_rank, size);
    big_exchange(my_rank, size);
    long_messages(my_rank, size);
    completion_variants(my_rank, size);
    return finish();
}
