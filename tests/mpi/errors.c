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
    MPI_Request request;
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
