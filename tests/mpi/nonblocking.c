/* Non-blocking collectives (every I* form, several in flight on one communicator, a user op), the completion
 * calls (Waitsome, Testany, Testsome, Request_free), the non-blocking send modes, and the environment queries. */
#include "check.h"
#include <string.h>

#define N 6

static void add_pairs(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)type;
    int *a = in, *b = inout;
    for (int i = 0; i < *len; i++)
    {
        b[i] = a[i] + b[i] + 1;
    }
}

static void environment(int rank)
{
    int flag = 0, provided = -1, version, subversion, len;
    MPI_Initialized(&flag);
    CHECK(flag, "MPI_Initialized");
    MPI_Finalized(&flag);
    CHECK(!flag, "MPI_Finalized before finalize");
    MPI_Query_thread(&provided);
    CHECK(provided >= MPI_THREAD_FUNNELED, "Query_thread gave %d", provided);
    MPI_Is_thread_main(&flag);
    CHECK(flag, "Is_thread_main");
    MPI_Get_version(&version, &subversion);
    CHECK(version == 3, "version %d.%d", version, subversion);
    char name[MPI_MAX_PROCESSOR_NAME];
    MPI_Get_processor_name(name, &len);
    CHECK(len > 0 && (int)strlen(name) == len, "processor name length %d", len);
    char library[MPI_MAX_LIBRARY_VERSION_STRING];
    MPI_Get_library_version(library, &len);
    CHECK(len > 0, "library version length %d", len);
    CHECK(MPI_Wtick() > 0 && MPI_Wtick() < 1, "Wtick %g", MPI_Wtick());
    double t0 = MPI_Wtime();
    CHECK(MPI_Wtime() >= t0, "Wtime goes forward");
    if (rank == 0)
    {
        REPORT("environment ok");
    }
}

static void collectives(int rank, int size)
{
    int send[N], sum[N], isum[N], maxes[N], imaxes[N];
    for (int i = 0; i < N; i++)
    {
        send[i] = rank * N + i;
    }
    /* several collectives in flight at once on the same communicator, completed out of order */
    MPI_Request requests[4];
    int bval = rank == 0 ? 77 : 0;
    MPI_Iallreduce(send, isum, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &requests[0]);
    MPI_Iallreduce(send, imaxes, N, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &requests[1]);
    MPI_Ibcast(&bval, 1, MPI_INT, 0, MPI_COMM_WORLD, &requests[2]);
    MPI_Ibarrier(MPI_COMM_WORLD, &requests[3]);
    MPI_Wait(&requests[2], MPI_STATUS_IGNORE);
    MPI_Waitall(4, requests, MPI_STATUSES_IGNORE);
    MPI_Allreduce(send, sum, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(send, maxes, N, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    CHECK(memcmp(sum, isum, sizeof sum) == 0 && memcmp(maxes, imaxes, sizeof maxes) == 0, "iallreduce differs");
    CHECK(bval == 77, "ibcast gave %d", bval);

    /* blocking collectives on other buffers while non-blocking ones are in flight: each keeps its own buffers */
    int later[N], blocked[N], blocked_max[N];
    for (int i = 0; i < N; i++)
    {
        later[i] = -1;
        blocked[i] = -1;
        blocked_max[i] = -1;
    }
    MPI_Iallreduce(send, later, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &requests[0]);
    MPI_Allreduce(maxes, blocked, N, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, blocked, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(send, blocked_max, N, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Wait(&requests[0], MPI_STATUS_IGNORE);
    for (int i = 0; i < N; i++)
    {
        CHECK(later[i] == sum[i], "iallreduce beside blocking calls: element %d is %d, expected %d", i, later[i],
            sum[i]);
        CHECK(blocked[i] == maxes[i] * size, "blocking allreduce beside iallreduce: element %d is %d, expected %d",
            i, blocked[i], maxes[i] * size);
        CHECK(blocked_max[i] == maxes[i], "blocking max beside iallreduce: element %d is %d, expected %d", i,
            blocked_max[i], maxes[i]);
    }

    /* a user op through a non-blocking reduction: the op runs on the rank's own thread */
    MPI_Op op;
    MPI_Op_create(add_pairs, 1, &op);
    int user[N], iuser[N];
    MPI_Reduce(send, user, N, MPI_INT, op, size - 1, MPI_COMM_WORLD);
    MPI_Request request;
    MPI_Ireduce(send, iuser, N, MPI_INT, op, size - 1, MPI_COMM_WORLD, &request);
    int flag = 0;
    while (!flag)
    {
        MPI_Test(&request, &flag, MPI_STATUS_IGNORE);
    }
    if (rank == size - 1)
    {
        CHECK(memcmp(user, iuser, sizeof user) == 0, "ireduce with a user op differs: %d vs %d", user[0], iuser[0]);
        REPORT("user op reduce %d %d", iuser[0], iuser[N - 1]);
    }
    MPI_Op_free(&op);

    /* gather family */
    int *all = malloc(sizeof(int) * N * size), *iall = malloc(sizeof(int) * N * size);
    int *counts = malloc(sizeof(int) * size), *displs = malloc(sizeof(int) * size);
    for (int r = 0; r < size; r++)
    {
        counts[r] = 1 + r % N;
        displs[r] = r * N;
    }
    memset(all, 0, sizeof(int) * N * size);
    memset(iall, 0, sizeof(int) * N * size);
    MPI_Gather(send, N, MPI_INT, all, N, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Igather(send, N, MPI_INT, iall, N, MPI_INT, 0, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(rank != 0 || memcmp(all, iall, sizeof(int) * N * size) == 0, "igather differs");
    MPI_Gatherv(send, counts[rank], MPI_INT, all, counts, displs, MPI_INT, size / 2, MPI_COMM_WORLD);
    MPI_Igatherv(send, counts[rank], MPI_INT, iall, counts, displs, MPI_INT, size / 2, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(rank != size / 2 || memcmp(all, iall, sizeof(int) * N * size) == 0, "igatherv differs");
    MPI_Allgather(send, N, MPI_INT, all, N, MPI_INT, MPI_COMM_WORLD);
    MPI_Iallgather(send, N, MPI_INT, iall, N, MPI_INT, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(all, iall, sizeof(int) * N * size) == 0, "iallgather differs");
    MPI_Allgatherv(send, counts[rank], MPI_INT, all, counts, displs, MPI_INT, MPI_COMM_WORLD);
    MPI_Iallgatherv(send, counts[rank], MPI_INT, iall, counts, displs, MPI_INT, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(all, iall, sizeof(int) * N * size) == 0, "iallgatherv differs");

    /* scatter family */
    int part[N], ipart[N];
    memset(part, 0, sizeof part);
    memset(ipart, 0, sizeof ipart);
    for (int i = 0; i < N * size; i++)
    {
        all[i] = 3 * i + 1;
    }
    MPI_Scatter(all, N, MPI_INT, part, N, MPI_INT, size - 1, MPI_COMM_WORLD);
    MPI_Iscatter(all, N, MPI_INT, ipart, N, MPI_INT, size - 1, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(part, ipart, sizeof part) == 0, "iscatter differs");
    MPI_Scatterv(all, counts, displs, MPI_INT, part, counts[rank], MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Iscatterv(all, counts, displs, MPI_INT, ipart, counts[rank], MPI_INT, 0, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(part, ipart, sizeof part) == 0, "iscatterv differs");

    /* all-to-all family */
    int *a2a = malloc(sizeof(int) * size * 2), *out = malloc(sizeof(int) * size * 2),
        *iout = malloc(sizeof(int) * size * 2);
    int *c2 = malloc(sizeof(int) * size), *d2 = malloc(sizeof(int) * size);
    for (int i = 0; i < 2 * size; i++)
    {
        a2a[i] = rank * 1000 + i;
    }
    MPI_Alltoall(a2a, 2, MPI_INT, out, 2, MPI_INT, MPI_COMM_WORLD);
    MPI_Ialltoall(a2a, 2, MPI_INT, iout, 2, MPI_INT, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(out, iout, sizeof(int) * 2 * size) == 0, "ialltoall differs");
    for (int r = 0; r < size; r++)
    {
        c2[r] = 1 + (r + rank) % 2;
        d2[r] = 2 * r;
    }
    /* every rank sends c2[r] to r and must receive what r sends: counts symmetric in (r + rank) */
    memset(out, 0, sizeof(int) * 2 * size);
    memset(iout, 0, sizeof(int) * 2 * size);
    MPI_Alltoallv(a2a, c2, d2, MPI_INT, out, c2, d2, MPI_INT, MPI_COMM_WORLD);
    MPI_Ialltoallv(a2a, c2, d2, MPI_INT, iout, c2, d2, MPI_INT, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(out, iout, sizeof(int) * 2 * size) == 0, "ialltoallv differs");

    /* reductions with scatter and prefixes */
    int *rs_in = malloc(sizeof(int) * size * 2), rs[2], irs[2];
    for (int i = 0; i < 2 * size; i++)
    {
        rs_in[i] = rank + i;
    }
    MPI_Reduce_scatter_block(rs_in, rs, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Ireduce_scatter_block(rs_in, irs, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(rs[0] == irs[0] && rs[1] == irs[1], "ireduce_scatter_block differs");
    for (int r = 0; r < size; r++)
    {
        c2[r] = 1 + r % 2;
    }
    MPI_Reduce_scatter(rs_in, rs, c2, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    MPI_Ireduce_scatter(rs_in, irs, c2, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(rs[0] == irs[0] && (c2[rank] < 2 || rs[1] == irs[1]), "ireduce_scatter differs");
    int scan, iscan, exscan = -1, iexscan = -1;
    MPI_Scan(&rank, &scan, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Iscan(&rank, &iscan, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    MPI_Exscan(&rank, &exscan, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Iexscan(&rank, &iexscan, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(scan == iscan && scan == rank * (rank + 1) / 2, "iscan %d scan %d", iscan, scan);
    CHECK(rank == 0 || (exscan == iexscan && exscan == rank * (rank - 1) / 2), "iexscan %d exscan %d", iexscan,
        exscan);
    /* in place */
    int inplace[N];
    memcpy(inplace, send, sizeof inplace);
    MPI_Iallreduce(MPI_IN_PLACE, inplace, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &request);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(memcmp(inplace, sum, sizeof sum) == 0, "in-place iallreduce");
    REPORT("nonblocking collectives ok: sum %d max %d scan %d", isum[N - 1], imaxes[0], iscan);
    free(all);
    free(iall);
    free(counts);
    free(displs);
    free(a2a);
    free(out);
    free(iout);
    free(c2);
    free(d2);
    free(rs_in);
}

static void completion(int rank, int size)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int in[4] = {-1, -1, -1, -1}, out[4];
    MPI_Request requests[4];
    for (int i = 0; i < 4; i++)
    {
        out[i] = rank * 10 + i;
        MPI_Irecv(&in[i], 1, MPI_INT, left, i, MPI_COMM_WORLD, &requests[i]);
    }
    /* synchronous, ready (receives are posted: the barrier orders them) and buffered modes */
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Request sends[4];
    char *attached = malloc(1024);
    MPI_Buffer_attach(attached, 1024);
    MPI_Issend(&out[0], 1, MPI_INT, right, 0, MPI_COMM_WORLD, &sends[0]);
    MPI_Irsend(&out[1], 1, MPI_INT, right, 1, MPI_COMM_WORLD, &sends[1]);
    MPI_Ibsend(&out[2], 1, MPI_INT, right, 2, MPI_COMM_WORLD, &sends[2]);
    MPI_Isend(&out[3], 1, MPI_INT, right, 3, MPI_COMM_WORLD, &sends[3]);
    int done = 0, indices[4], outcount;
    MPI_Status statuses[4];
    while (done < 4)
    {
        MPI_Waitsome(4, requests, &outcount, indices, statuses);
        for (int k = 0; k < outcount; k++)
        {
            CHECK(statuses[k].MPI_TAG == indices[k] && statuses[k].MPI_SOURCE == left, "waitsome status");
        }
        done += outcount;
    }
    MPI_Waitsome(4, requests, &outcount, indices, statuses);
    CHECK(outcount == MPI_UNDEFINED, "waitsome on inactive requests gave %d", outcount);
    int finished = 0;
    while (finished < 4)
    {
        int flag, index;
        MPI_Testany(4, sends, &index, &flag, MPI_STATUS_IGNORE);
        if (flag && index != MPI_UNDEFINED)
        {
            finished++;
        }
    }
    for (int i = 0; i < 4; i++)
    {
        CHECK(in[i] == left * 10 + i, "mode %d got %d", i, in[i]);
    }
    void *detached;
    int detached_size;
    MPI_Buffer_detach(&detached, &detached_size);
    CHECK(detached == attached && detached_size == 1024, "buffer detach");
    free(attached);

    /* Testsome until everything arrived; Request_free on a send */
    for (int i = 0; i < 2; i++)
    {
        MPI_Irecv(&in[i], 1, MPI_INT, left, 20 + i, MPI_COMM_WORLD, &requests[i]);
    }
    MPI_Request freed;
    MPI_Isend(&out[0], 1, MPI_INT, right, 20, MPI_COMM_WORLD, &freed);
    MPI_Request_free(&freed);
    CHECK(freed == MPI_REQUEST_NULL, "Request_free nulls the handle");
    /* completing MPI_REQUEST_NULL gives the empty status: MPI_ANY_SOURCE, MPI_ANY_TAG, count 0 */
    MPI_Status empty;
    empty.MPI_SOURCE = 77;
    empty.MPI_TAG = 77;
    int empty_count = -5, empty_flag = 0, empty_index = 0;
    MPI_Wait(&freed, &empty);
    MPI_Get_count(&empty, MPI_INT, &empty_count);
    CHECK(empty.MPI_SOURCE == MPI_ANY_SOURCE && empty.MPI_TAG == MPI_ANY_TAG && empty_count == 0,
        "MPI_Wait(MPI_REQUEST_NULL) status: source %d tag %d count %d", empty.MPI_SOURCE, empty.MPI_TAG, empty_count);
    empty.MPI_SOURCE = 77;
    MPI_Test(&freed, &empty_flag, &empty);
    CHECK(empty_flag == 1 && empty.MPI_SOURCE == MPI_ANY_SOURCE, "MPI_Test(MPI_REQUEST_NULL): flag %d source %d",
        empty_flag, empty.MPI_SOURCE);
    empty.MPI_SOURCE = 77;
    MPI_Waitany(1, &freed, &empty_index, &empty);
    CHECK(empty_index == MPI_UNDEFINED && empty.MPI_SOURCE == MPI_ANY_SOURCE,
        "MPI_Waitany of no active request: index %d source %d", empty_index, empty.MPI_SOURCE);
    MPI_Send(&out[1], 1, MPI_INT, right, 21, MPI_COMM_WORLD);
    done = 0;
    while (done < 2)
    {
        MPI_Testsome(2, requests, &outcount, indices, statuses);
        done += outcount == MPI_UNDEFINED ? 0 : outcount;
    }
    CHECK(in[0] == left * 10 && in[1] == left * 10 + 1, "testsome got %d %d", in[0], in[1]);
    MPI_Barrier(MPI_COMM_WORLD);
    REPORT("completion calls ok");
}

int main(int argc, char **argv)
{
    int provided;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int size;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    environment(my_rank);
    collectives(my_rank, size);
    completion(my_rank, size);
    return finish();
}
