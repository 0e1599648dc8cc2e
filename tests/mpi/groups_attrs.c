/*
 * Group set operations and ranges, MPI_Comm_create_group, communicator names and attributes, attribute caching
 * with user keyvals, user error handlers,
 * MPI_Reduce_local, MPI_Alloc_mem, MPI_Request_get_status and MPI_Win_sync.
 */
#include "check.h"

#include <string.h>

static int rank, size;

static void group_operations(void)
{
    MPI_Group world, evens, low, all, both, only_evens, range, rest, reversed;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    /* evens: 0, 2, 4 ... by a range; low: the first half, by a list */
    int ranges[1][3] = {{0, size - 1, 2}};
    MPI_Group_range_incl(world, 1, ranges, &evens);
    int lowCount = (size + 1) / 2, lowRanks[64];
    for (int i = 0; i < lowCount; i++)
    {
        lowRanks[i] = i;
    }
    MPI_Group_incl(world, lowCount, lowRanks, &low);
    MPI_Group_union(evens, low, &all);
    MPI_Group_intersection(evens, low, &both);
    MPI_Group_difference(evens, low, &only_evens);
    int sizes[3], me[3];
    MPI_Group groups[3] = {all, both, only_evens};
    for (int i = 0; i < 3; i++)
    {
        MPI_Group_size(groups[i], &sizes[i]);
        MPI_Group_rank(groups[i], &me[i]);
    }
    REPORT("union size %d rank %d, intersection size %d rank %d, difference size %d rank %d", sizes[0],
        me[0] == MPI_UNDEFINED ? -1 : me[0], sizes[1], me[1] == MPI_UNDEFINED ? -1 : me[1], sizes[2],
        me[2] == MPI_UNDEFINED ? -1 : me[2]);
    /* the union keeps the first group's order, then the second's new members */
    int probe[64], translated[64];
    for (int i = 0; i < sizes[0]; i++)
    {
        probe[i] = i;
    }
    MPI_Group_translate_ranks(all, sizes[0], probe, world, translated);
    if (rank == 0)
    {
        char line[512];
        int at = 0;
        for (int i = 0; i < sizes[0]; i++)
        {
            at += snprintf(line + at, sizeof(line) - at, " %d", translated[i]);
        }
        REPORT("union order:%s", line);
    }
    int result;
    MPI_Group_compare(all, world, &result);
    REPORT("union compared with world: %d", result);
    /* range_excl of the evens leaves the odds; a negative stride reverses */
    MPI_Group_range_excl(world, 1, ranges, &rest);
    int restSize, restRank;
    MPI_Group_size(rest, &restSize);
    MPI_Group_rank(rest, &restRank);
    CHECK(restSize == size / 2, "range_excl size %d", restSize);
    CHECK(rank % 2 == 1 ? restRank == rank / 2 : restRank == MPI_UNDEFINED, "range_excl rank %d", restRank);
    int backwards[2][3] = {{size - 1, size / 2, -1}, {0, size / 2 - 1, 1}};
    MPI_Group_range_incl(world, size > 1 ? 2 : 1, backwards, &reversed);
    int reversedRank;
    MPI_Group_rank(reversed, &reversedRank);
    REPORT("reversed ranges rank %d", reversedRank);
    MPI_Group_range_incl(world, 0, ranges, &range);
    CHECK(range == MPI_GROUP_EMPTY, "range_incl of no ranges is MPI_GROUP_EMPTY");
    /* errors: stride 0, a rank out of range, a rank twice, a null group */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int zero[1][3] = {{0, size - 1, 0}}, out[1][3] = {{0, size, 1}}, twice[2][3] = {{0, 0, 1}, {0, 0, 1}};
    int errStride = MPI_Group_range_incl(world, 1, zero, &range);
    int errOut = MPI_Group_range_excl(world, 1, out, &range);
    int errTwice = MPI_Group_range_incl(world, 2, twice, &range);
    int errNull = MPI_Group_union(world, MPI_GROUP_NULL, &range);
    REPORT("range errors: stride 0 %d, out of range %d, twice %d; union with MPI_GROUP_NULL %d",
        errStride == MPI_ERR_RANK, errOut == MPI_ERR_RANK, errTwice == MPI_ERR_RANK, errNull == MPI_ERR_GROUP);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Group frees[] = {world, evens, low, all, both, only_evens, rest, reversed};
    for (int i = 0; i < 8; i++)
    {
        MPI_Group_free(&frees[i]);
    }
}

/* Only the odd ranks create a communicator; the evens meanwhile exchange messages among themselves. */
static void create_group(void)
{
    MPI_Group world, odds;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int ranges[1][3] = {{1, size - 1, 2}};
    if (size > 1)
    {
        MPI_Group_range_incl(world, 1, ranges, &odds);
    }
    else
    {
        odds = MPI_GROUP_EMPTY;
    }
    if (rank % 2 == 1)
    {
        MPI_Comm oddComm;
        MPI_Comm_create_group(MPI_COMM_WORLD, odds, 7, &oddComm);
        int oddRank, oddSize, sum;
        MPI_Comm_rank(oddComm, &oddRank);
        MPI_Comm_size(oddComm, &oddSize);
        MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, oddComm);
        REPORT("create_group: rank %d of %d, world ranks sum %d", oddRank, oddSize, sum);
        /* a second one on the new communicator, of its first member only */
        MPI_Group oddGroup, first;
        MPI_Comm_group(oddComm, &oddGroup);
        int zero = 0;
        MPI_Group_incl(oddGroup, 1, &zero, &first);
        MPI_Comm firstComm = MPI_COMM_NULL;
        MPI_Comm_create_group(oddComm, first, 0, &firstComm);
        CHECK((oddRank == 0) == (firstComm != MPI_COMM_NULL), "create_group of one member");
        if (firstComm != MPI_COMM_NULL)
        {
            MPI_Comm_free(&firstComm);
        }
        MPI_Group_free(&first);
        MPI_Group_free(&oddGroup);
        MPI_Comm_free(&oddComm);
    }
    else
    {
        /* a ring among the evens on MPI_COMM_WORLD, while the odds create theirs */
        int evens = (size + 1) / 2, next = (rank + 2) % (2 * evens), prev = (rank - 2 + 2 * evens) % (2 * evens);
        int got = -1;
        MPI_Sendrecv(&rank, 1, MPI_INT, next, 5, &got, 1, MPI_INT, prev, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        REPORT("evens ring: got %d", got);
        /* not a member: MPI_COMM_NULL, at once */
        MPI_Comm none = MPI_COMM_WORLD;
        MPI_Comm_create_group(MPI_COMM_WORLD, odds, 7, &none);
        CHECK(none == MPI_COMM_NULL, "create_group outside the group gives MPI_COMM_NULL");
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm bad;
    int errTag = MPI_Comm_create_group(MPI_COMM_WORLD, world, -3, &bad);
    REPORT("create_group with tag -3: MPI_ERR_TAG %d", errTag == MPI_ERR_TAG);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    if (odds != MPI_GROUP_EMPTY)
    {
        MPI_Group_free(&odds);
    }
    MPI_Group_free(&world);
}

static void names_and_attributes(void)
{
    char name[MPI_MAX_OBJECT_NAME];
    int length;
    MPI_Comm_get_name(MPI_COMM_WORLD, name, &length);
    REPORT("world name '%s' (%d)", name, length);
    MPI_Comm_get_name(MPI_COMM_SELF, name, &length);
    REPORT("self name '%s' (%d)", name, length);
    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_get_name(dup, name, &length);
    REPORT("dup name '%s' (%d)", name, length);
    MPI_Comm_set_name(dup, "solver");
    MPI_Comm_get_name(dup, name, &length);
    REPORT("renamed '%s' (%d)", name, length);
    char longName[100];
    memset(longName, 'x', sizeof(longName) - 1);
    longName[sizeof(longName) - 1] = '\0';
    MPI_Comm_set_name(dup, longName);
    MPI_Comm_get_name(dup, name, &length);
    REPORT("long name truncated to %d chars, ends in NUL %d", length, name[length] == '\0');

    int *value, flag;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &value, &flag);
    REPORT("MPI_TAG_UB flag %d, >= 32767 %d", flag, flag && *value >= 32767);
    int *tagUb = value;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_HOST, &value, &flag);
    REPORT("MPI_HOST flag %d, MPI_PROC_NULL %d", flag, flag && *value == MPI_PROC_NULL);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_IO, &value, &flag);
    REPORT("MPI_IO flag %d, any %d", flag, flag && (*value == MPI_ANY_SOURCE || *value == rank));
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_WTIME_IS_GLOBAL, &value, &flag);
    REPORT("MPI_WTIME_IS_GLOBAL flag %d value %d", flag, flag ? *value : -1);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_UNIVERSE_SIZE, &value, &flag);
    /* OpenMPI gives its slot count, Wabric the world size */
    REPORT("MPI_UNIVERSE_SIZE flag %d, positive %d", flag, flag && *value > 0);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &value, &flag);
    REPORT("MPI_APPNUM flag %d value %d", flag, flag ? *value : -1);
    /* the pointers stay valid: the first is still readable */
    CHECK(*tagUb >= 32767, "MPI_TAG_UB pointer went stale: %d", *tagUb);
    MPI_Attr_get(dup, MPI_TAG_UB, &value, &flag);
    REPORT("MPI_TAG_UB on a dup of world (MPI_Attr_get): flag %d", flag);
    /* the largest tag works */
    int v = rank, got = -1;
    MPI_Sendrecv(&v, 1, MPI_INT, rank, *tagUb, &got, 1, MPI_INT, rank, *tagUb, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    CHECK(got == rank, "self message with tag MPI_TAG_UB");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    flag = -1;
    int err = MPI_Comm_get_attr(MPI_COMM_WORLD, 12345, &value, &flag);
    REPORT("unknown keyval: error %d, flag %d", err != MPI_SUCCESS, flag);
    err = MPI_Comm_get_attr(MPI_COMM_NULL, MPI_TAG_UB, &value, &flag);
    REPORT("get_attr on MPI_COMM_NULL: MPI_ERR_COMM %d", err == MPI_ERR_COMM);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Comm_free(&dup);
}

static int copies, deletes, lastDeleted;

/* copies the attribute as a new int, one more than the original, so a dup's value is told apart */
static int copy_plus_one(MPI_Comm oldcomm, int keyval, void *extra_state, void *in, void *out, int *flag)
{
    (void)oldcomm;
    (void)keyval;
    copies += *(int *)extra_state;
    int *copy = (int *)malloc(sizeof(int));
    *copy = *(int *)in + 1;
    *(void **)out = copy;
    *flag = 1;
    return MPI_SUCCESS;
}

static int delete_count(MPI_Comm comm, int keyval, void *value, void *extra_state)
{
    (void)comm;
    (void)keyval;
    (void)extra_state;
    deletes++;
    lastDeleted = *(int *)value;
    return MPI_SUCCESS;
}

static int copy_fails(MPI_Comm oldcomm, int keyval, void *extra_state, void *in, void *out, int *flag)
{
    (void)oldcomm;
    (void)keyval;
    (void)extra_state;
    (void)in;
    (void)out;
    *flag = 0;
    return MPI_ERR_OTHER;
}

static void keyvals(void)
{
    int step = 1, copied, shared, dropped, failing, old;
    MPI_Comm_create_keyval(copy_plus_one, delete_count, &copied, &step);
    MPI_Comm_create_keyval(MPI_COMM_DUP_FN, MPI_COMM_NULL_DELETE_FN, &shared, NULL);
    MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, delete_count, &dropped, NULL);
    MPI_Keyval_create(MPI_NULL_COPY_FN, MPI_NULL_DELETE_FN, &old, NULL);
    MPI_Comm base;
    MPI_Comm_dup(MPI_COMM_WORLD, &base);
    int *value, flag = -1;
    MPI_Comm_get_attr(base, copied, &value, &flag);
    REPORT("keyval unset: flag %d", flag);
    static int first = 100, second = 200, third = 300, fourth = 400;
    first += rank;
    MPI_Comm_set_attr(base, copied, &first);
    MPI_Comm_set_attr(base, shared, &second);
    MPI_Comm_set_attr(base, dropped, &third);
    MPI_Attr_put(base, old, &fourth);
    MPI_Comm_get_attr(base, copied, &value, &flag);
    REPORT("keyval set: flag %d, same pointer %d, value %d", flag, value == &first, flag ? *value : -1);
    MPI_Attr_get(base, old, &value, &flag);
    REPORT("MPI_Attr_put then MPI_Attr_get: flag %d value %d", flag, flag ? *value : -1);
    /* replacing an attribute deletes the old value */
    static int replacement = 333;
    MPI_Comm_set_attr(base, dropped, &replacement);
    REPORT("replaced: deletes %d, last deleted %d", deletes, lastDeleted);

    MPI_Comm dup;
    MPI_Comm_dup(base, &dup);
    int flags[4];
    int *values[4];
    int keys[4] = {copied, shared, dropped, old};
    for (int i = 0; i < 4; i++)
    {
        MPI_Comm_get_attr(dup, keys[i], &values[i], &flags[i]);
    }
    REPORT("dup: copies %d; copy fn flag %d value %d; MPI_COMM_DUP_FN flag %d same %d; null copy flag %d %d",
        copies, flags[0], flags[0] ? *values[0] - rank : -1, flags[1], flags[1] && values[1] == &second, flags[2],
        flags[3]);
    MPI_Comm_delete_attr(dup, copied);
    REPORT("delete_attr: deletes %d, last deleted %d", deletes, lastDeleted - rank);
    free(values[0]);
    MPI_Comm_get_attr(dup, copied, &value, &flag);
    REPORT("after delete_attr: flag %d", flag);
    MPI_Attr_delete(dup, shared);
    MPI_Comm_get_attr(dup, shared, &value, &flag);
    REPORT("after MPI_Attr_delete: flag %d", flag);

    /* freeing a keyval leaves its attributes: freeing the communicator still deletes them */
    MPI_Comm_free_keyval(&dropped);
    REPORT("free_keyval gives MPI_KEYVAL_INVALID %d", dropped == MPI_KEYVAL_INVALID);
    MPI_Comm_free(&dup);
    REPORT("dup freed: deletes %d", deletes);
    MPI_Comm_free(&base);
    REPORT("base freed: deletes %d", deletes);

    /* a copy function that fails fails MPI_Comm_dup; unknown keyvals are MPI_ERR_KEYVAL */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_create_keyval(copy_fails, MPI_COMM_NULL_DELETE_FN, &failing, NULL);
    MPI_Comm other;
    MPI_Comm_dup(MPI_COMM_WORLD, &other);
    MPI_Comm_set_attr(other, failing, &first);
    MPI_Comm failed = MPI_COMM_WORLD;
    int err = MPI_Comm_dup(other, &failed);
    REPORT("failing copy fn: dup returns MPI_ERR_OTHER %d", err == MPI_ERR_OTHER);
    MPI_Comm_delete_attr(other, failing);
    MPI_Comm_free(&other);
    int errSet = MPI_Comm_set_attr(MPI_COMM_WORLD, 12345, &first);
    int freedKey = copied;
    MPI_Comm_free_keyval(&copied);
    int errFreed = MPI_Comm_set_attr(MPI_COMM_WORLD, freedKey, &first);
    /* Wabric gives MPI_ERR_KEYVAL, OpenMPI another code */
    REPORT("set_attr errors: unknown %d, freed %d", errSet != MPI_SUCCESS, errFreed != MPI_SUCCESS);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Comm_free_keyval(&shared);
    MPI_Comm_free_keyval(&failing);
    MPI_Keyval_free(&old);
}

static int handlerCalls, lastError;
static MPI_Comm lastComm;

static void on_error(MPI_Comm *comm, int *errcode, ...)
{
    handlerCalls++;
    lastError = *errcode;
    lastComm = *comm;
}

static void error_handlers(void)
{
    MPI_Errhandler handler, current;
    MPI_Comm_create_errhandler(on_error, &handler);
    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Comm_set_errhandler(dup, handler);
    MPI_Comm_get_errhandler(dup, &current);
    CHECK(current == handler, "get_errhandler returns the user handler");
    int err = MPI_Comm_call_errhandler(dup, MPI_ERR_OTHER);
    int errorClass;
    MPI_Error_class(lastError, &errorClass);
    REPORT("call_errhandler: returned %d, calls %d, class %d, comm matches %d", err, handlerCalls, errorClass,
        lastComm == dup);
    /* a real error under the handler: the call returns the code after the handler ran */
    int v = 1;
    err = MPI_Send(&v, 1, MPI_INT, size, 0, dup);
    MPI_Error_class(lastError, &errorClass);
    REPORT("bad send: returned class MPI_ERR_RANK %d, calls %d, handler saw class %d", err == MPI_ERR_RANK,
        handlerCalls, errorClass);
    /* freeing the handler leaves it on the communicator */
    MPI_Errhandler_free(&handler);
    err = MPI_Send(&v, 1, MPI_INT, rank, -5, dup);
    REPORT("after free: bad tag returned MPI_ERR_TAG %d, calls %d", err == MPI_ERR_TAG, handlerCalls);
    /* under MPI_ERRORS_RETURN the call does nothing and succeeds */
    MPI_Comm_set_errhandler(dup, MPI_ERRORS_RETURN);
    err = MPI_Comm_call_errhandler(dup, MPI_ERR_OTHER);
    REPORT("call_errhandler under MPI_ERRORS_RETURN: %d, calls %d", err, handlerCalls);
    MPI_Comm_free(&dup);
}

static void add_pairs(void *in, void *inout, int *len, MPI_Datatype *type)
{
    (void)type;
    int *a = (int *)in, *b = (int *)inout;
    for (int i = 0; i < *len; i++)
    {
        b[i] = 10 * b[i] + a[i];
    }
}

static void local_operations(void)
{
    double in[3] = {1.5, 2.5, rank}, inout[3] = {10, 20, 30};
    MPI_Reduce_local(in, inout, 3, MPI_DOUBLE, MPI_SUM);
    REPORT("reduce_local SUM: %.1f %.1f %.1f", inout[0], inout[1], inout[2]);
    int a[4] = {1, 2, 3, rank}, b[4] = {4, 5, 6, 7};
    MPI_Op op;
    MPI_Op_create(add_pairs, 0, &op);
    MPI_Reduce_local(a, b, 4, MPI_INT, op);
    REPORT("reduce_local user op: %d %d %d %d", b[0], b[1], b[2], b[3]);
    MPI_Op_free(&op);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int errOp = MPI_Reduce_local(a, b, 2, MPI_FLOAT, MPI_BAND);
    int errCount = MPI_Reduce_local(a, b, -1, MPI_INT, MPI_SUM);
    REPORT("reduce_local errors: BAND on FLOAT MPI_ERR_OP %d, count -1 MPI_ERR_COUNT %d", errOp == MPI_ERR_OP,
        errCount == MPI_ERR_COUNT);

    int *block = NULL;
    int err = MPI_Alloc_mem(100 * sizeof(int), MPI_INFO_NULL, &block);
    CHECK(err == MPI_SUCCESS && block != NULL, "alloc_mem %d", err);
    for (int i = 0; i < 100; i++)
    {
        block[i] = i * rank;
    }
    long sum = 0;
    for (int i = 0; i < 100; i++)
    {
        sum += block[i];
    }
    REPORT("alloc_mem: sum %ld, free %d", sum, MPI_Free_mem(block));
    void *none;
    REPORT("alloc_mem of -1 bytes fails %d", MPI_Alloc_mem(-1, MPI_INFO_NULL, &none) != MPI_SUCCESS);

    /* request_get_status leaves the request live: MPI_Wait still completes it */
    int token = -1, flag = 0;
    MPI_Request request;
    MPI_Status status;
    MPI_Irecv(&token, 1, MPI_INT, rank, 3, MPI_COMM_WORLD, &request);
    MPI_Request_get_status(request, &flag, &status);
    CHECK(!flag, "get_status before the send");
    MPI_Send(&rank, 1, MPI_INT, rank, 3, MPI_COMM_WORLD);
    do
    {
        MPI_Request_get_status(request, &flag, &status);
    } while (!flag);
    CHECK(request != MPI_REQUEST_NULL, "get_status freed the request");
    REPORT("get_status: source %d tag %d", status.MPI_SOURCE, status.MPI_TAG);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    CHECK(request == MPI_REQUEST_NULL && token == rank, "wait after get_status: token %d", token);

    /* MPI_Win_sync inside a passive epoch, as one-sided codes poll a flag */
    int *base;
    MPI_Win win;
    MPI_Win_allocate(sizeof(int), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win);
    *base = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, win);
    int one = rank + 1;
    MPI_Put(&one, 1, MPI_INT, (rank + 1) % size, 0, 1, MPI_INT, win);
    MPI_Win_flush_all(win);
    MPI_Win_sync(win);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_sync(win);
    REPORT("win_sync: got %d", *base);
    MPI_Win_unlock_all(win);
    MPI_Win_free(&win);
    REPORT("win_sync of MPI_WIN_NULL fails %d", MPI_Win_sync(MPI_WIN_NULL) != MPI_SUCCESS);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    my_rank = rank;
    group_operations();
    create_group();
    names_and_attributes();
    keyvals();
    error_handlers();
    local_operations();
    return finish();
}
