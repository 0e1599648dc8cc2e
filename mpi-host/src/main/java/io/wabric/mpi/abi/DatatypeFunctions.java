package io.wabric.mpi.abi;

import io.wabric.mpi.datatype.ArrayTypes;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Datatypes;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.op.PredefinedOp;

import java.util.Arrays;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Datatype constructors and queries, and user reduction operations.
 */
final class DatatypeFunctions
{
    private DatatypeFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        table.add("MPI_Type_size", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.type((int)a[0]).size());
            return 0;
        });
        table.add("MPI_Type_get_extent", 3, NO_COMM, (abi, a) ->
        {
            final Datatype type = abi.type((int)a[0]);
            abi.writeInt((int)a[1], (int)type.lb());
            abi.writeInt((int)a[2], (int)type.extent());
            return 0;
        });
        table.add("MPI_Type_get_true_extent", 3, NO_COMM, (abi, a) ->
        {
            final Datatype type = abi.type((int)a[0]);
            abi.writeInt((int)a[1], (int)type.trueLb());
            abi.writeInt((int)a[2], (int)type.trueExtent());
            return 0;
        });
        table.add("MPI_Type_contiguous", 3, NO_COMM, (abi, a) ->
            created(abi, (int)a[2], Datatypes.contiguous((int)a[0], abi.type((int)a[1]))));
        table.add("MPI_Type_vector", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            return created(abi, (int)a[4], Datatypes.hvector((int)a[0], (int)a[1], (int)a[2] * old.extent(), old,
                "vector(" + a[0] + ", " + a[1] + ", " + a[2] + ", " + old + ")"));
        });
        table.add("MPI_Type_create_hvector", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            return created(abi, (int)a[4], Datatypes.hvector((int)a[0], (int)a[1], (int)a[2], old,
                "hvector(" + a[0] + ", " + a[1] + ", " + a[2] + ", " + old + ")"));
        });
        table.add("MPI_Type_indexed", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            final int count = count((int)a[0]);
            final int[] lengths = abi.readInts((int)a[1], count);
            return created(abi, (int)a[4], Datatypes.hindexed(lengths, scaled(abi.readInts((int)a[2], count),
                old.extent()), old, "indexed(" + count + ", " + old + ")"));
        });
        table.add("MPI_Type_create_hindexed", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            final int count = count((int)a[0]);
            return created(abi, (int)a[4], Datatypes.hindexed(abi.readInts((int)a[1], count),
                scaled(abi.readInts((int)a[2], count), 1), old, "hindexed(" + count + ", " + old + ")"));
        });
        table.add("MPI_Type_create_indexed_block", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            final int count = count((int)a[0]);
            return created(abi, (int)a[4], Datatypes.hindexed(repeated(count, (int)a[1]),
                scaled(abi.readInts((int)a[2], count), old.extent()), old,
                "indexed_block(" + count + ", " + a[1] + ", " + old + ")"));
        });
        table.add("MPI_Type_create_hindexed_block", 5, NO_COMM, (abi, a) ->
        {
            final Datatype old = abi.type((int)a[3]);
            final int count = count((int)a[0]);
            return created(abi, (int)a[4], Datatypes.hindexed(repeated(count, (int)a[1]),
                scaled(abi.readInts((int)a[2], count), 1), old,
                "hindexed_block(" + count + ", " + a[1] + ", " + old + ")"));
        });
        table.add("MPI_Type_create_subarray", 7, NO_COMM, (abi, a) ->
        {
            final int ndims = dimensions((int)a[0]);
            final Datatype old = abi.type((int)a[5]);
            return created(abi, (int)a[6], ArrayTypes.subarray(abi.readInts((int)a[1], ndims),
                abi.readInts((int)a[2], ndims), abi.readInts((int)a[3], ndims), (int)a[4], old));
        });
        table.add("MPI_Type_create_darray", 10, NO_COMM, (abi, a) ->
        {
            final int ndims = dimensions((int)a[2]);
            final Datatype old = abi.type((int)a[8]);
            return created(abi, (int)a[9], ArrayTypes.darray((int)a[0], (int)a[1], abi.readInts((int)a[3], ndims),
                abi.readInts((int)a[4], ndims), abi.readInts((int)a[5], ndims), abi.readInts((int)a[6], ndims),
                (int)a[7], old));
        });
        table.add("MPI_Type_create_struct", 5, NO_COMM, (abi, a) ->
        {
            final int count = count((int)a[0]);
            final int[] handles = abi.readInts((int)a[3], count);
            final Datatype[] types = new Datatype[count];
            for (int i = 0; i < count; i++)
            {
                types[i] = abi.type(handles[i]);
            }
            return created(abi, (int)a[4], Datatypes.struct(abi.readInts((int)a[1], count),
                scaled(abi.readInts((int)a[2], count), 1), types));
        });
        table.add("MPI_Type_create_resized", 4, NO_COMM, (abi, a) ->
            created(abi, (int)a[3], Datatypes.resized(abi.type((int)a[0]), (int)a[1], (int)a[2])));
        table.add("MPI_Type_dup", 2, NO_COMM, (abi, a) ->
            created(abi, (int)a[1], Datatypes.dup(abi.type((int)a[0]))));
        table.add("MPI_Type_commit", 1, NO_COMM, (abi, a) ->
        {
            abi.type(abi.readInt((int)a[0])).commit();
            return 0;
        });
        table.add("MPI_Type_free", 1, NO_COMM, (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            if (abi.type(handle).predefined())
            {
                throw new MpiException(MpiError.ERR_TYPE, "datatype " + abi.type(handle) + " is predefined and " +
                    "cannot be freed");
            }
            abi.rank.types().remove(handle);
            abi.writeInt((int)a[0], 0);
            return 0;
        });
        table.add("MPI_Get_address", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[1], (int)a[0]);
            return 0;
        });
        table.add("MPI_Op_create", 3, NO_COMM, (abi, a) ->
        {
            if ((int)a[0] == 0)
            {
                throw new MpiException(MpiError.ERR_ARG, "user_fn=NULL: pass an MPI_User_function");
            }
            abi.writeInt((int)a[2], abi.rank.ops().add(Operation.user((int)a[0], (int)a[1] != 0)));
            return 0;
        });
        table.add("MPI_Op_free", 1, NO_COMM, (abi, a) ->
        {
            final int handle = abi.readInt((int)a[0]);
            abi.op(handle);
            if (handle < PredefinedOp.FIRST_USER_HANDLE)
            {
                throw new MpiException(MpiError.ERR_OP, "op=" + handle + " is predefined and cannot be freed");
            }
            abi.rank.ops().remove(handle);
            abi.writeInt((int)a[0], 0);
            return 0;
        });
        table.add("MPI_Op_commutative", 2, NO_COMM, (abi, a) ->
        {
            abi.writeInt((int)a[1], abi.op((int)a[0]).commutative() ? 1 : 0);
            return 0;
        });
    }

    private static int count(final int count)
    {
        Abi.checkCount(count, "count");
        return count;
    }

    /**
     * ndims of an array type: negative is MPI_ERR_COUNT (as OpenMPI), zero MPI_ERR_ARG (MPI-3.1 4.1.3 asks for a
     * positive ndims; OpenMPI returns a type without checking).
     */
    private static int dimensions(final int ndims)
    {
        Abi.checkCount(ndims, "ndims");
        if (ndims == 0)
        {
            throw new MpiException(MpiError.ERR_ARG, "ndims=0 must be >= 1: an array has at least one dimension");
        }
        return ndims;
    }

    private static int[] repeated(final int count, final int value)
    {
        final int[] values = new int[count];
        Arrays.fill(values, value);
        return values;
    }

    private static long[] scaled(final int[] values, final long factor)
    {
        final long[] scaled = new long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            scaled[i] = values[i] * factor;
        }
        return scaled;
    }

    private static int created(final Abi abi, final int handleAddress, final Datatype type)
    {
        abi.writeInt(handleAddress, abi.rank.types().add(type));
        return 0;
    }
}
