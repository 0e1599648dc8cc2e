/* Derived datatypes: contiguous, vector, hvector, indexed, indexed_block, hindexed, struct, resized, dup; sizes,
 * extents, sends between different layouts, and pair types. */
#include "check.h"
#include <string.h>

static int rank, size;

static void layouts(void)
{
    MPI_Datatype contig, vector, hvector, indexed, block, hindexed, resized, dup;
    MPI_Type_contiguous(3, MPI_INT, &contig);
    MPI_Type_vector(3, 2, 4, MPI_DOUBLE, &vector);
    MPI_Type_create_hvector(2, 1, 12, MPI_INT, &hvector);
    int lengths[3] = {1, 2, 3}, displs[3] = {5, 0, 10};
    MPI_Type_indexed(3, lengths, displs, MPI_SHORT, &indexed);
    int bdispls[2] = {4, 1};
    MPI_Type_create_indexed_block(2, 2, bdispls, MPI_INT, &block);
    MPI_Aint hdispls[2] = {16, 0};
    int hlengths[2] = {1, 2};
    MPI_Type_create_hindexed(2, hlengths, hdispls, MPI_FLOAT, &hindexed);
    MPI_Type_create_resized(vector, -8, 128, &resized);
    MPI_Type_dup(contig, &dup);
    describe_type("contiguous", contig);
    describe_type("vector", vector);
    describe_type("hvector", hvector);
    describe_type("indexed", indexed);
    describe_type("indexed_block", block);
    describe_type("hindexed", hindexed);
    describe_type("resized", resized);
    describe_type("dup", dup);
    describe_type("double_int", MPI_DOUBLE_INT);
    describe_type("2int", MPI_2INT);
    describe_type("short_int", MPI_SHORT_INT);
    describe_type("float_int", MPI_FLOAT_INT);
    MPI_Datatype all[] = {contig, vector, hvector, indexed, block, hindexed, resized, dup};
    for (int i = 0; i < 8; i++)
    {
        MPI_Type_free(&all[i]);
        CHECK(all[i] == MPI_DATATYPE_NULL, "type_free sets MPI_DATATYPE_NULL");
    }
}

/* A column of a row-major matrix sent as a vector, received contiguously, and back. */
static void matrix_columns(void)
{
    enum { N = 5 };
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    double matrix[N][N], column[N], back[N][N];
    for (int i = 0; i < N; i++)
    {
        for (int j = 0; j < N; j++)
        {
            matrix[i][j] = rank * 100 + i * N + j;
            back[i][j] = -1;
        }
    }
    MPI_Datatype col;
    MPI_Type_vector(N, 1, N, MPI_DOUBLE, &col);
    MPI_Type_commit(&col);
    MPI_Sendrecv(&matrix[0][2], 1, col, right, 0, column, N, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < N; i++)
    {
        CHECK(column[i] == left * 100 + i * N + 2, "column[%d]=%g", i, column[i]);
    }
    MPI_Sendrecv(column, N, MPI_DOUBLE, left, 1, &back[0][4], 1, col, right, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < N; i++)
    {
        CHECK(back[i][4] == rank * 100 + i * N + 2 && back[i][3] == -1, "back[%d][4]=%g", i, back[i][4]);
    }
    /* two columns at once: resized so consecutive elements are one double apart */
    MPI_Datatype cols;
    MPI_Type_create_resized(col, 0, sizeof(double), &cols);
    MPI_Type_commit(&cols);
    double two[2][N];
    MPI_Status status;
    MPI_Sendrecv(&matrix[0][0], 2, cols, right, 2, two, 2 * N, MPI_DOUBLE, left, 2, MPI_COMM_WORLD, &status);
    int count, elements;
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    MPI_Get_elements(&status, MPI_DOUBLE, &elements);
    CHECK(count == 2 * N && elements == 2 * N, "count %d elements %d", count, elements);
    for (int i = 0; i < N; i++)
    {
        CHECK(two[0][i] == left * 100 + i * N && two[1][i] == left * 100 + i * N + 1, "two columns %d", i);
    }
    MPI_Type_free(&col);
    MPI_Type_free(&cols);
    REPORT("matrix columns ok");
}

struct particle
{
    int id;
    double position[3];
    char tag;
    float mass;
};

static void structs(void)
{
    MPI_Datatype particle, padded;
    int lengths[4] = {1, 3, 1, 1};
    MPI_Aint displs[4], base;
    struct particle p;
    memset(&p, 0, sizeof p);
    MPI_Get_address(&p, &base);
    MPI_Get_address(&p.id, &displs[0]);
    MPI_Get_address(&p.position, &displs[1]);
    MPI_Get_address(&p.tag, &displs[2]);
    MPI_Get_address(&p.mass, &displs[3]);
    for (int i = 0; i < 4; i++)
    {
        displs[i] -= base;
    }
    MPI_Datatype types[4] = {MPI_INT, MPI_DOUBLE, MPI_CHAR, MPI_FLOAT};
    MPI_Type_create_struct(4, lengths, displs, types, &particle);
    MPI_Type_create_resized(particle, 0, sizeof(struct particle), &padded);
    MPI_Type_commit(&padded);
    int bytes;
    MPI_Type_size(padded, &bytes);
    CHECK(bytes == 4 + 24 + 1 + 4, "struct size %d", bytes);
    struct particle out[3], in[3];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 3; i++)
    {
        out[i].id = rank * 10 + i;
        out[i].position[0] = i;
        out[i].position[1] = -i;
        out[i].position[2] = rank;
        out[i].tag = (char)('a' + rank % 26);
        out[i].mass = 0.5f * i;
    }
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    MPI_Sendrecv(out, 3, padded, right, 5, in, 3, padded, left, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < 3; i++)
    {
        CHECK(in[i].id == left * 10 + i && in[i].position[1] == -i && in[i].position[2] == left &&
            in[i].tag == 'a' + left % 26 && in[i].mass == 0.5f * i, "particle %d id %d", i, in[i].id);
    }
    /* the same bytes as a packed stream of bytes */
    unsigned char raw[3 * 33];
    if (size > 1)
    {
        if (rank == 0)
        {
            MPI_Send(out, 3, padded, 1, 6, MPI_COMM_WORLD);
        }
        else if (rank == 1)
        {
            MPI_Status status;
            MPI_Recv(raw, sizeof raw, MPI_BYTE, 0, 6, MPI_COMM_WORLD, &status);
            int count;
            MPI_Get_count(&status, MPI_BYTE, &count);
            int id;
            memcpy(&id, raw + 33, sizeof id);
            CHECK(count == 99 && id == 1, "packed struct bytes %d id %d", count, id);
        }
    }
    MPI_Type_free(&particle);
    MPI_Type_free(&padded);
    REPORT("structs ok");
}

/* a struct described member by member and not resized: MPI pads its extent to the largest member alignment, so
 * the extent is sizeof and arrays of it travel whole; bounds of types holding resized types; basic elements */
static void struct_bounds(void)
{
    MPI_Datatype record, three, hvec, with_pair, resized9, holds_resized;
    int lengths[3] = {1, 2, 1};
    MPI_Aint displs[3] = {0, 8, 24};
    MPI_Datatype types[3] = {MPI_INT, MPI_DOUBLE, MPI_CHAR};
    MPI_Type_create_struct(3, lengths, displs, types, &record);
    MPI_Type_commit(&record);
    MPI_Type_contiguous(3, record, &three);
    MPI_Type_create_hvector(2, 1, 12, MPI_DOUBLE, &hvec);
    int ones[2] = {1, 1};
    MPI_Aint pair_displs[2] = {0, 16};
    MPI_Datatype pair_types[2] = {MPI_DOUBLE_INT, MPI_CHAR};
    MPI_Type_create_struct(2, ones, pair_displs, pair_types, &with_pair);
    MPI_Aint nine_displs[2] = {0, 8};
    MPI_Datatype nine_types[2] = {MPI_DOUBLE, MPI_CHAR};
    MPI_Datatype double_char;
    MPI_Type_create_struct(2, ones, nine_displs, nine_types, &double_char);
    MPI_Type_create_resized(double_char, 0, 9, &resized9);
    MPI_Aint after_displs[2] = {0, 9};
    MPI_Datatype after_types[2] = {resized9, MPI_CHAR};
    MPI_Type_create_struct(2, ones, after_displs, after_types, &holds_resized);
    MPI_Datatype shown[6] = {record, three, hvec, with_pair, double_char, holds_resized};
    const char *names[6] = {"struct{int,double[2],char}", "contiguous(3, that)", "hvector(2, 1, 12 B, double)",
        "struct{double_int,char}", "struct{double,char}", "struct{resized(9),char@9}"};
    for (int i = 0; i < 6; i++)
    {
        MPI_Aint lb, extent;
        int bytes;
        MPI_Type_get_extent(shown[i], &lb, &extent);
        MPI_Type_size(shown[i], &bytes);
        if (rank == 0)
        {
            REPORT("%s: lb %ld extent %ld size %d", names[i], (long)lb, (long)extent, bytes);
        }
    }

    struct rec
    {
        int id;
        double value[2];
        char tag;
    } recs[3];
    CHECK(sizeof recs[0] == 32, "sizeof struct rec is %zu", sizeof recs[0]);
    for (int i = 0; i < 3; i++)
    {
        recs[i].id = rank == 0 ? i + 1 : 0;
        recs[i].value[0] = rank == 0 ? 10.5 * (i + 1) : 0;
        recs[i].value[1] = rank == 0 ? -(i + 1) : 0;
        recs[i].tag = rank == 0 ? (char)('a' + i) : '0';
    }
    MPI_Bcast(recs, 3, record, 0, MPI_COMM_WORLD);
    for (int i = 0; i < 3; i++)
    {
        CHECK(recs[i].id == i + 1 && recs[i].value[0] == 10.5 * (i + 1) && recs[i].value[1] == -(i + 1) &&
            recs[i].tag == 'a' + i, "record %d after MPI_Bcast: {%d, %g, %g, '%c'}", i, recs[i].id,
            recs[i].value[0], recs[i].value[1], recs[i].tag);
    }

    /* MPI_Get_elements counts basic elements in type-map order, also when a message ends inside an element */
    MPI_Datatype int_double;
    MPI_Aint id_displs[2] = {0, 4};
    MPI_Datatype id_types[2] = {MPI_INT, MPI_DOUBLE};
    MPI_Type_create_struct(2, ones, id_displs, id_types, &int_double);
    MPI_Type_commit(&int_double);
    char out[32] = {0}, in[64];
    const int sent[4] = {12, 16, 24, 14};
    for (int k = 0; k < 4; k++)
    {
        MPI_Request request;
        MPI_Status status;
        MPI_Isend(out, sent[k], MPI_BYTE, rank, 40 + k, MPI_COMM_WORLD, &request);
        MPI_Recv(in, 2, int_double, rank, 40 + k, MPI_COMM_WORLD, &status);
        MPI_Wait(&request, MPI_STATUS_IGNORE);
        int count, elements;
        MPI_Get_count(&status, int_double, &count);
        MPI_Get_elements(&status, int_double, &elements);
        if (rank == 0)
        {
            REPORT("%d bytes of struct{int,double}: count %d elements %d", sent[k],
                count == MPI_UNDEFINED ? -1 : count, elements == MPI_UNDEFINED ? -1 : elements);
        }
    }
    MPI_Type_free(&int_double);
    MPI_Type_free(&record);
    MPI_Type_free(&three);
    MPI_Type_free(&hvec);
    MPI_Type_free(&with_pair);
    MPI_Type_free(&double_char);
    MPI_Type_free(&resized9);
    MPI_Type_free(&holds_resized);
    REPORT("struct bounds ok");
}

static void sum_triples(void *in, void *inout, int *len, MPI_Datatype *type)
{
    int *a = in, *b = inout;
    for (int i = 0; i < 3 * *len; i++)
    {
        b[i] += a[i];
    }
    (void)type;
}

static void reduce_derived(void)
{
    MPI_Op sum;
    MPI_Op_create(sum_triples, 1, &sum);
    MPI_Datatype triple;
    MPI_Type_contiguous(3, MPI_INT, &triple);
    MPI_Type_commit(&triple);
    int v[2][3] = {{rank, 1, -rank}, {2, rank * rank, 3}}, out[2][3];
    MPI_Allreduce(v, out, 2, triple, sum, MPI_COMM_WORLD);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int err = MPI_Allreduce(v, out, 2, triple, MPI_SUM, MPI_COMM_WORLD), errclass;
    MPI_Error_class(err, &errclass);
    CHECK(errclass == MPI_ERR_OP, "predefined op on a derived type gave class %d", errclass);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Op_free(&sum);
    REPORT("sum of triples %d %d %d %d %d %d", out[0][0], out[0][1], out[0][2], out[1][0], out[1][1], out[1][2]);
    MPI_Type_free(&triple);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    my_rank = rank;
    layouts();
    matrix_columns();
    structs();
    struct_bounds();
    reduce_derived();
    return finish();
}
