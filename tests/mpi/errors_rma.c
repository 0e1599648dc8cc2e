/* MPI_ERRORS_RETURN on windows: each bad one-sided argument gives its error class. */
#include "check.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size, cls;
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int memory[4] = {0, 0, 0, 0};
    MPI_Win win, bad_win;
    MPI_Win_create(memory, sizeof memory, sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
    MPI_Errhandler handler;
    MPI_Win_get_errhandler(win, &handler);
    CHECK(handler == MPI_ERRORS_ARE_FATAL, "a window's default error handler");
    MPI_Win_set_errhandler(win, MPI_ERRORS_RETURN);
    int v = 5;
    struct { const char *what; int err; int expected; } cases[] = {
        {"put outside an epoch", MPI_Put(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, win), MPI_ERR_RMA_SYNC},
        {"unlock without lock", MPI_Win_unlock(0, win), MPI_ERR_RMA_SYNC},
        {"lock type 99", MPI_Win_lock(99, 0, 0, win), MPI_ERR_LOCKTYPE},
        {"create with disp_unit 0", MPI_Win_create(memory, sizeof memory, 0, MPI_INFO_NULL, MPI_COMM_WORLD,
            &bad_win), MPI_ERR_DISP},
        {"create with size -1", MPI_Win_create(memory, -1, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &bad_win),
            MPI_ERR_SIZE},
        {"create on MPI_COMM_NULL", MPI_Win_create(memory, sizeof memory, 1, MPI_INFO_NULL, MPI_COMM_NULL,
            &bad_win), MPI_ERR_COMM},
        {"fence on MPI_WIN_NULL", MPI_Win_fence(0, MPI_WIN_NULL), MPI_ERR_WIN},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
        MPI_Error_class(cases[i].err, &cls);
        CHECK(cls == cases[i].expected, "%s: class %d, want %d", cases[i].what, cls, cases[i].expected);
        if (my_rank == 0)
        {
            REPORT("%s -> class ok", cases[i].what);
        }
    }
    MPI_Win_fence(0, win);
    struct { const char *what; int err; int expected; } epoch_cases[] = {
        {"put past the window", MPI_Put(&v, 1, MPI_INT, 0, 4, 1, MPI_INT, win), MPI_ERR_RMA_RANGE},
        {"put to rank size", MPI_Put(&v, 1, MPI_INT, size, 0, 1, MPI_INT, win), MPI_ERR_RANK},
        {"put count -1", MPI_Put(&v, -1, MPI_INT, 0, 0, -1, MPI_INT, win), MPI_ERR_COUNT},
        {"put null datatype", MPI_Put(&v, 1, MPI_DATATYPE_NULL, 0, 0, 1, MPI_INT, win), MPI_ERR_TYPE},
        {"get with a null target datatype", MPI_Get(&v, 1, MPI_INT, 0, 0, 1, MPI_DATATYPE_NULL, win),
            MPI_ERR_TYPE},
        {"accumulate with MPI_OP_NULL", MPI_Accumulate(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_OP_NULL, win),
            MPI_ERR_OP},
        {"accumulate MAXLOC on int", MPI_Accumulate(&v, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_MAXLOC, win),
            MPI_ERR_OP},
    };
    for (unsigned i = 0; i < sizeof epoch_cases / sizeof epoch_cases[0]; i++)
    {
        MPI_Error_class(epoch_cases[i].err, &cls);
        CHECK(cls == epoch_cases[i].expected, "%s: class %d, want %d", epoch_cases[i].what, cls,
            epoch_cases[i].expected);
        if (my_rank == 0)
        {
            REPORT("%s -> class ok", epoch_cases[i].what);
        }
    }
    MPI_Win_fence(0, win);
    MPI_Win_free(&win);
    REPORT("window error classes ok");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    return finish();
}
