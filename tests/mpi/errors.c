/* MPI_ERRORS_RETURN: each bad argument gives its error class; error strings; truncation. */
#include "check.h"
#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size, cls, len;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Errhandler handler;
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &handler);
    CHECK(handler == MPI_ERRORS_ARE_FATAL, "default error handler");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int v = 1;
    int dims[2] = {2, 0};
    double d = 1, d2;
    MPI_Request null_request = MPI_REQUEST_NULL, request;
    MPI_Datatype bad_type, null_type = MPI_DATATYPE_NULL;
    MPI_Comm split;
    struct { const char *what; int err; int expected; } cases[] = {
        {"send to rank size", MPI_Send(&v, 1, MPI_INT, size, 0, MPI_COMM_WORLD), MPI_ERR_RANK},
        {"send to rank -5", MPI_Send(&v, 1, MPI_INT, -5, 0, MPI_COMM_WORLD), MPI_ERR_RANK},
        {"negative count", MPI_Send(&v, -1, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_COUNT},
        {"negative tag", MPI_Send(&v, 1, MPI_INT, 0, -3, MPI_COMM_WORLD), MPI_ERR_TAG},
        {"null datatype", MPI_Send(&v, 1, MPI_DATATYPE_NULL, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE},
        {"bcast root size", MPI_Bcast(&v, 1, MPI_INT, size, MPI_COMM_WORLD), MPI_ERR_ROOT},
        {"null op", MPI_Allreduce(&v, &len, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD), MPI_ERR_OP},
        {"maxloc on int", MPI_Allreduce(&v, &len, 1, MPI_INT, MPI_MAXLOC, MPI_COMM_WORLD), MPI_ERR_OP},
        {"recv from rank size", MPI_Recv(&v, 1, MPI_INT, size, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE), MPI_ERR_RANK},
        {"cart coords without topology", MPI_Cart_coords(MPI_COMM_WORLD, 0, 1, &v), MPI_ERR_TOPOLOGY},
        {"send on MPI_COMM_NULL", MPI_Send(&v, 1, MPI_INT, 0, 0, MPI_COMM_NULL), MPI_ERR_COMM},
        {"NULL send buffer", MPI_Send(NULL, 1, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER},
        {"gather root -1", MPI_Gather(&v, 1, MPI_INT, &len, 1, MPI_INT, -1, MPI_COMM_WORLD), MPI_ERR_ROOT},
        {"reduce count -2", MPI_Reduce(&v, &len, -2, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD), MPI_ERR_COUNT},
        {"free MPI_REQUEST_NULL", MPI_Request_free(&null_request), MPI_ERR_REQUEST},
        {"size of MPI_GROUP_NULL", MPI_Group_size(MPI_GROUP_NULL, &v), MPI_ERR_GROUP},
        {"dims_create 7 over 2x?", MPI_Dims_create(7, 2, dims), MPI_ERR_DIMS},
        {"type_contiguous count -1", MPI_Type_contiguous(-1, MPI_INT, &bad_type), MPI_ERR_COUNT},
        {"commit MPI_DATATYPE_NULL", MPI_Type_commit(&null_type), MPI_ERR_TYPE},
        {"isend tag -7", MPI_Isend(&v, 1, MPI_INT, 0, -7, MPI_COMM_WORLD, &request), MPI_ERR_TAG},
        {"irecv from rank -9", MPI_Irecv(&v, 1, MPI_INT, -9, 0, MPI_COMM_WORLD, &request), MPI_ERR_RANK},
        {"ibcast root size", MPI_Ibcast(&v, 1, MPI_INT, size, MPI_COMM_WORLD, &request), MPI_ERR_ROOT},
        {"iallreduce op null", MPI_Iallreduce(&v, &len, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD, &request),
            MPI_ERR_OP},
        {"band on double", MPI_Allreduce(&d, &d2, 1, MPI_DOUBLE, MPI_BAND, MPI_COMM_WORLD), MPI_ERR_OP},
        {"split color -3", MPI_Comm_split(MPI_COMM_WORLD, -3, 0, &split), MPI_ERR_ARG},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
        MPI_Error_class(cases[i].err, &cls);
        CHECK(cls == cases[i].expected, "%s: class %d, want %d", cases[i].what, cls, cases[i].expected);
        char text[MPI_MAX_ERROR_STRING];
        MPI_Error_string(cases[i].expected, text, &len);
        if (my_rank == 0)
        {
            REPORT("%s -> %s", cases[i].what, strncmp(text, "MPI_ERR", 7) == 0 ? "named" : "unnamed");
        }
    }
    MPI_Datatype uncommitted;
    MPI_Type_contiguous(2, MPI_INT, &uncommitted);
    int pair[2];
    int err = MPI_Send(pair, 1, uncommitted, 0, 0, MPI_COMM_WORLD);
    MPI_Error_class(err, &cls);
    CHECK(cls == MPI_ERR_TYPE, "uncommitted type class %d", cls);
    MPI_Type_free(&uncommitted);
    /* a 3-int message into a 2-int buffer */
    int three[3] = {1, 2, 3}, two[2];
    MPI_Isend(three, 3, MPI_INT, my_rank, 1, MPI_COMM_WORLD, &request);
    MPI_Status status;
    err = MPI_Recv(two, 2, MPI_INT, my_rank, 1, MPI_COMM_WORLD, &status);
    MPI_Error_class(err, &cls);
    CHECK(cls == MPI_ERR_TRUNCATE, "truncation class %d", cls);
    MPI_Wait(&request, MPI_STATUS_IGNORE);
    REPORT("error classes ok");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    return finish();
}
