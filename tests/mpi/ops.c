/* Every predefined datatype with every predefined reduction op through MPI_Allreduce under MPI_ERRORS_RETURN:
 * which pairs MPI allows (error class otherwise) and what each allowed one computes, compared with OpenMPI. */
#include "check.h"
#include <complex.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define COUNT 3

struct type_case
{
    const char *name;
    MPI_Datatype type;
    int size;
    int kind; /* 0 integer, 1 float, 2 bool, 3 byte, 4 complex float, 5 complex double, 6 pair, 7 long double */
};

static void fill(const struct type_case *t, unsigned char *buffer, int rank)
{
    for (int i = 0; i < COUNT; i++)
    {
        unsigned char *at = buffer + i * t->size;
        int v = (rank * 5 + i * 3) % 7 + (i == 1 ? rank : 0);
        switch (t->kind)
        {
        case 0:
            if (t->size == 1) *(int8_t *)at = (int8_t)v;
            else if (t->size == 2) *(int16_t *)at = (int16_t)v;
            else if (t->size == 4) *(int32_t *)at = v;
            else *(int64_t *)at = v;
            break;
        case 1:
            if (t->size == 4) *(float *)at = v + 0.5f;
            else *(double *)at = v + 0.25;
            break;
        case 2: *(bool *)at = (v & 1) != 0; break;
        case 3: *at = (unsigned char)(v * 17); break;
        case 4: *(float _Complex *)at = v + 1.0f * I * (rank + 1); break;
        case 5: *(double _Complex *)at = v + 1.0 * I * (i + 1); break;
        case 7: *(long double *)at = v + 0.5L; break; /* products of up to 5 have 5 fraction bits: exact */
        default: break;
        }
    }
}

static void describe(const struct type_case *t, const unsigned char *buffer, char *text)
{
    text[0] = 0;
    for (int i = 0; i < COUNT; i++)
    {
        const unsigned char *at = buffer + i * t->size;
        char one[64];
        switch (t->kind)
        {
        case 0:
            if (t->size == 1) snprintf(one, sizeof one, "%d", *(const int8_t *)at);
            else if (t->size == 2) snprintf(one, sizeof one, "%d", *(const int16_t *)at);
            else if (t->size == 4) snprintf(one, sizeof one, "%d", *(const int32_t *)at);
            else snprintf(one, sizeof one, "%lld", (long long)*(const int64_t *)at);
            break;
        case 1: snprintf(one, sizeof one, "%g", t->size == 4 ? *(const float *)at : *(const double *)at); break;
        case 2: snprintf(one, sizeof one, "%d", *(const bool *)at); break;
        case 3: snprintf(one, sizeof one, "%u", *at); break;
        case 4: snprintf(one, sizeof one, "%g%+gi", crealf(*(const float _Complex *)at),
            cimagf(*(const float _Complex *)at)); break;
        case 5: snprintf(one, sizeof one, "%g%+gi", creal(*(const double _Complex *)at),
            cimag(*(const double _Complex *)at)); break;
        case 7: snprintf(one, sizeof one, "%.6Lf", *(const long double *)at); break;
        default: one[0] = 0; break;
        }
        strcat(text, i == 0 ? "" : ",");
        strcat(text, one);
    }
}

/* Prints x = whole + k * 2^-60 as "whole+k": k is what a double (53 bits) would lose and x86's 80-bit long double
 * and wasm32's binary128 both keep, so native and Wabric runs print alike only if every bit was reduced. */
static void show_fine(const char *what, long double x)
{
    long long whole = (long long)x;
    REPORT("long double %s = %lld%+.1Lf*2^-60", what, whole, (x - whole) * 0x1p60L);
}

/* MPI_LONG_DOUBLE with SUM, PROD, MAX and MIN through MPI_Reduce and MPI_Allreduce, and MPI_LONG_DOUBLE_INT with
 * MAXLOC and MINLOC, on values a double cannot hold: every result is exact in 64 significand bits. */
static void long_doubles(void)
{
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const MPI_Op ops[] = {MPI_SUM, MPI_PROD, MPI_MAX, MPI_MIN};
    const char *names[] = {"SUM", "PROD", "MAX", "MIN"};
    for (int o = 0; o < 4; o++)
    {
        /* PROD: 3^8 per rank, 3^40 (64 bits) at 5 ranks; the others: +-(1 + (rank + 1) * 2^-60) */
        long double x = ops[o] == MPI_PROD ? 6561.0L : (1.0L + (my_rank + 1) * 0x1p-60L) * (my_rank % 2 ? -1 : 1);
        long double reduced = 0, all = 0;
        CHECK(MPI_Reduce(&x, &reduced, 1, MPI_LONG_DOUBLE, ops[o], 0, MPI_COMM_WORLD) == MPI_SUCCESS,
            "MPI_Reduce %s on MPI_LONG_DOUBLE failed", names[o]);
        CHECK(MPI_Allreduce(&x, &all, 1, MPI_LONG_DOUBLE, ops[o], MPI_COMM_WORLD) == MPI_SUCCESS,
            "MPI_Allreduce %s on MPI_LONG_DOUBLE failed", names[o]);
        if (my_rank == 0)
        {
            CHECK(reduced == all, "%s: MPI_Reduce gave %.6Lf, MPI_Allreduce %.6Lf", names[o], reduced, all);
            if (ops[o] == MPI_PROD)
            {
                REPORT("long double PROD = %.1Lf", all);
            }
            else
            {
                show_fine(names[o], all);
            }
        }
    }
    /* a long vector, so the reduction is shared out among ranks in one process and pipelined between processes */
    enum { LONG_COUNT = 4099 };
    static long double vector[LONG_COUNT], sums[LONG_COUNT];
    for (int i = 0; i < LONG_COUNT; i++)
    {
        vector[i] = i * 0.25L + my_rank + (i % 3 == 0 ? 0x1p-50L : 0);
    }
    MPI_Allreduce(vector, sums, LONG_COUNT, MPI_LONG_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    int wrong = 0;
    for (int i = 0; i < LONG_COUNT; i++)
    {
        wrong += sums[i] != size * (i * 0.25L + (i % 3 == 0 ? 0x1p-50L : 0)) + size * (size - 1) / 2;
    }
    CHECK(wrong == 0, "MPI_Allreduce SUM of %d long doubles: %d wrong, e.g. [3] = %.6Lf", LONG_COUNT, wrong,
        sums[3]);
    /* ties between values only a long double tells apart: 1 at even ranks, 1 + 2^-60 at odd ones */
    struct { long double v; int i; } in = {1.0L + (my_rank % 2) * 0x1p-60L, my_rank}, maxloc, minloc, reduced;
    MPI_Allreduce(&in, &maxloc, 1, MPI_LONG_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&in, &minloc, 1, MPI_LONG_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
    MPI_Reduce(&in, &reduced, 1, MPI_LONG_DOUBLE_INT, MPI_MAXLOC, 0, MPI_COMM_WORLD);
    if (my_rank == 0)
    {
        CHECK(reduced.v == maxloc.v && reduced.i == maxloc.i, "MAXLOC: MPI_Reduce gave %d, MPI_Allreduce %d",
            reduced.i, maxloc.i);
        show_fine("MAXLOC value", maxloc.v);
        show_fine("MINLOC value", minloc.v);
        REPORT("long double MAXLOC index %d, MINLOC index %d", maxloc.i, minloc.i);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines: rank 0 prints enough to fill a block buffer mid-line */
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    const struct type_case types[] = {
        {"SIGNED_CHAR", MPI_SIGNED_CHAR, 1, 0}, {"UNSIGNED_CHAR", MPI_UNSIGNED_CHAR, 1, 0},
        {"SHORT", MPI_SHORT, 2, 0}, {"UNSIGNED_SHORT", MPI_UNSIGNED_SHORT, 2, 0}, {"INT", MPI_INT, 4, 0},
        {"UNSIGNED", MPI_UNSIGNED, 4, 0}, {"LONG_LONG", MPI_LONG_LONG, 8, 0},
        {"UNSIGNED_LONG_LONG", MPI_UNSIGNED_LONG_LONG, 8, 0}, {"INT8_T", MPI_INT8_T, 1, 0},
        {"INT16_T", MPI_INT16_T, 2, 0}, {"INT32_T", MPI_INT32_T, 4, 0}, {"INT64_T", MPI_INT64_T, 8, 0},
        {"UINT8_T", MPI_UINT8_T, 1, 0}, {"UINT16_T", MPI_UINT16_T, 2, 0}, {"UINT32_T", MPI_UINT32_T, 4, 0},
        {"UINT64_T", MPI_UINT64_T, 8, 0}, {"FLOAT", MPI_FLOAT, 4, 1}, {"DOUBLE", MPI_DOUBLE, 8, 1},
        {"C_BOOL", MPI_C_BOOL, 1, 2}, {"BYTE", MPI_BYTE, 1, 3},
        {"C_FLOAT_COMPLEX", MPI_C_FLOAT_COMPLEX, 8, 4}, {"C_DOUBLE_COMPLEX", MPI_C_DOUBLE_COMPLEX, 16, 5},
        {"LONG_DOUBLE", MPI_LONG_DOUBLE, 16, 7},
    };
    const MPI_Op ops[] = {MPI_MAX, MPI_MIN, MPI_SUM, MPI_PROD, MPI_LAND, MPI_BAND, MPI_LOR, MPI_BOR, MPI_LXOR,
        MPI_BXOR, MPI_MAXLOC, MPI_MINLOC};
    const char *op_names[] = {"MAX", "MIN", "SUM", "PROD", "LAND", "BAND", "LOR", "BOR", "LXOR", "BXOR", "MAXLOC",
        "MINLOC"};
    _Alignas(16) unsigned char in[COUNT * 16], out[COUNT * 16];
    for (unsigned t = 0; t < sizeof types / sizeof types[0]; t++)
    {
        for (unsigned o = 0; o < sizeof ops / sizeof ops[0]; o++)
        {
            if (types[t].kind == 3 && ops[o] != MPI_BAND && ops[o] != MPI_BOR && ops[o] != MPI_BXOR)
            {
                continue; /* MPI-3.1 allows only bitwise ops on MPI_BYTE (Wabric: MPI_ERR_OP); OpenMPI allows all */
            }
            fill(&types[t], in, my_rank);
            memset(out, 0, sizeof out);
            int err = MPI_Allreduce(in, out, COUNT, types[t].type, ops[o], MPI_COMM_WORLD), cls;
            MPI_Error_class(err, &cls);
            if (my_rank == 0)
            {
                char text[256] = "";
                if (cls == MPI_SUCCESS)
                {
                    describe(&types[t], out, text);
                }
                REPORT("%s %s -> %s %s", types[t].name, op_names[o], cls == MPI_SUCCESS ? "ok" :
                    cls == MPI_ERR_OP ? "MPI_ERR_OP" : "other error", text);
            }
        }
    }
    /* pair types with MAXLOC and MINLOC, ties going to the lower index */
    struct { float v; int i; } fi = {(float)(my_rank % 2), my_rank}, fo;
    struct { long v; int i; } li = {my_rank % 3, my_rank}, lo;
    struct { short v; int i; } si = {(short)(-my_rank), my_rank}, so;
    struct { int v; int i; } ii = {my_rank / 2, my_rank}, io;
    struct { double v; int i; } di = {1.5, my_rank}, dout;
    MPI_Allreduce(&fi, &fo, 1, MPI_FLOAT_INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&li, &lo, 1, MPI_LONG_INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&si, &so, 1, MPI_SHORT_INT, MPI_MINLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&ii, &io, 1, MPI_2INT, MPI_MAXLOC, MPI_COMM_WORLD);
    MPI_Allreduce(&di, &dout, 1, MPI_DOUBLE_INT, MPI_MINLOC, MPI_COMM_WORLD);
    if (my_rank == 0)
    {
        /* only rank 0 prints: OpenMPI forwards each rank's output in blocks, which would split its long output */
        REPORT("pairs %g@%d %ld@%d %d@%d %d@%d %g@%d", fo.v, fo.i, lo.v, lo.i, so.v, so.i, io.v, io.i, dout.v, dout.i);
    }
    long_doubles();
    int err = MPI_Allreduce(&di, &dout, 1, MPI_DOUBLE_INT, MPI_SUM, MPI_COMM_WORLD), cls;
    MPI_Error_class(err, &cls);
    CHECK(cls == MPI_ERR_OP, "SUM on DOUBLE_INT gave class %d", cls);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    return finish();
}
