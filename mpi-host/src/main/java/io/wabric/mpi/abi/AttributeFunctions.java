package io.wabric.mpi.abi;

import io.wabric.core.engine.Guest;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Keyval;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.world.MpiRank;

import java.util.ArrayList;
import java.util.Map;

import static io.wabric.mpi.abi.FunctionTable.NO_COMM;

/**
 * Attribute caching on communicators with user keyvals (MPI-3.1 6.7), as libraries such as PETSc use it to hang
 * their state on a user's communicator: MPI_Comm_create_keyval, set_attr, delete_attr, free_keyval and MPI-1's
 * names for them; MPI_Comm_get_attr reads through {@link #userAttribute}.
 *
 * <p>The copy and delete functions are guest function pointers, called through the guest's function table as a
 * user reduction function is: MPI_Comm_dup copies each attribute whose copy function sets the flag,
 * MPI_Comm_free, MPI_Comm_delete_attr, a replacing MPI_Comm_set_attr and MPI_Finalize (for MPI_COMM_SELF) call the
 * delete function. A function that returns non-zero makes the call return that code. The predefined
 * MPI_COMM_NULL_COPY_FN, MPI_COMM_DUP_FN and MPI_COMM_NULL_DELETE_FN are markers handled here, not guest calls.
 */
final class AttributeFunctions
{
    /** MPI_KEYVAL_INVALID, written back by MPI_Comm_free_keyval. Part of the guest ABI. */
    private static final int KEYVAL_INVALID = -1;

    private AttributeFunctions()
    {
    }

    static void register(final FunctionTable table)
    {
        for (final String name : new String[] {"MPI_Comm_create_keyval", "MPI_Keyval_create"})
        {
            table.add(name, 4, NO_COMM, (abi, a) ->
            {
                abi.writeInt((int)a[2], abi.rank.keyvals().add(new Keyval((int)a[0], (int)a[1], (int)a[3])));
                return 0;
            });
        }
        for (final String name : new String[] {"MPI_Comm_free_keyval", "MPI_Keyval_free"})
        {
            table.add(name, 1, NO_COMM, (abi, a) ->
            {
                keyval(abi, abi.readInt((int)a[0])).free();
                abi.writeInt((int)a[0], KEYVAL_INVALID);
                return 0;
            });
        }
        for (final String name : new String[] {"MPI_Comm_set_attr", "MPI_Attr_put"})
        {
            table.add(name, 3, 0, (abi, a) ->
            {
                final int commHandle = (int)a[0];
                final Communicator comm = abi.comm(commHandle);
                final int keyval = (int)a[1];
                keyval(abi, keyval);
                final Integer previous = comm.attributes().get(keyval);
                if (previous != null)
                {
                    final int result = callDelete(abi, commHandle, keyval, previous);
                    if (result != 0)
                    {
                        return result;
                    }
                }
                comm.attributes().put(keyval, (int)a[2]);
                return 0;
            });
        }
        for (final String name : new String[] {"MPI_Comm_delete_attr", "MPI_Attr_delete"})
        {
            table.add(name, 2, 0, (abi, a) ->
            {
                final int commHandle = (int)a[0];
                final Communicator comm = abi.comm(commHandle);
                final int keyval = (int)a[1];
                keyval(abi, keyval);
                final Integer value = comm.attributes().get(keyval);
                if (value == null)
                {
                    throw new MpiException(MpiError.ERR_KEYVAL, "comm_keyval=" + keyval + " has no attribute on " +
                        comm.name() + ": MPI_Comm_set_attr it first");
                }
                final int result = callDelete(abi, commHandle, keyval, value);
                if (result == 0)
                {
                    comm.attributes().remove(keyval);
                }
                return result;
            });
        }
    }

    /**
     * MPI_Comm_get_attr for a user keyval: writes the attribute_val MPI_Comm_set_attr stored to
     * {@code *attribute_val}, when there is one.
     *
     * @param abi          the rank's ABI view.
     * @param comm         the communicator.
     * @param keyval       a user keyval handle.
     * @param valueAddress the guest's {@code void *attribute_val}, the address of a pointer.
     * @return whether the communicator carries the attribute.
     */
    static boolean userAttribute(final Abi abi, final Communicator comm, final int keyval, final int valueAddress)
    {
        keyval(abi, keyval);
        final Integer value = comm.attributes().get(keyval);
        if (value != null)
        {
            abi.writeInt(valueAddress, value);
        }
        return value != null;
    }

    /**
     * @return whether the handle names a user keyval, freed or not.
     */
    static boolean isUserKeyval(final Abi abi, final int keyval)
    {
        return keyval >= MpiRank.FIRST_USER_KEYVAL && abi.rank.keyvals().get(keyval) != null;
    }

    /**
     * MPI_Comm_dup's copy: each attribute whose copy function sets the flag goes onto the duplicate, with the
     * value the function gave (MPI_COMM_DUP_FN: the same value).
     *
     * @param abi       the rank's ABI view.
     * @param oldHandle the communicator duplicated.
     * @param old       its attributes' owner.
     * @param dup       the duplicate.
     * @return 0, or the first non-zero code a copy function returned (the attributes copied so far stay).
     */
    static int copyAll(final Abi abi, final int oldHandle, final Communicator old, final Communicator dup)
    {
        if (old.attributes().isEmpty())
        {
            return 0;
        }
        // a copy function is guest code and may set or delete attributes of the old communicator: walk a snapshot
        for (final Map.Entry<Integer, Integer> attribute : new ArrayList<>(old.attributes().entrySet()))
        {
            final int keyval = attribute.getKey();
            final int value = attribute.getValue();
            final int copyFunction = abi.rank.keyvals().get(keyval).copyFunction();
            if (copyFunction == Keyval.DUP_FN)
            {
                dup.attributes().put(keyval, value);
            }
            else if (copyFunction != Keyval.NULL_FN)
            {
                final int result = callCopy(abi, oldHandle, keyval, value, dup);
                if (result != 0)
                {
                    return result;
                }
            }
        }
        return 0;
    }

    /**
     * Deletes every attribute of a communicator, as MPI_Comm_free and MPI_Finalize (for MPI_COMM_SELF) do. The keys
     * are taken first, as a delete function may itself delete attributes.
     *
     * @param abi        the rank's ABI view.
     * @param commHandle the communicator's handle, passed to the delete functions.
     * @param comm       the communicator.
     * @return 0, or the first non-zero code a delete function returned (that attribute and the rest stay).
     */
    static int deleteAll(final Abi abi, final int commHandle, final Communicator comm)
    {
        if (comm.attributes().isEmpty())
        {
            return 0;
        }
        for (final Integer keyval : comm.attributes().keySet().toArray(new Integer[0]))
        {
            final Integer value = comm.attributes().get(keyval);
            if (value != null)
            {
                final int result = callDelete(abi, commHandle, keyval, value);
                if (result != 0)
                {
                    return result;
                }
                comm.attributes().remove(keyval);
            }
        }
        return 0;
    }

    /**
     * @return the live keyval the handle names, which MPI_Comm_free_keyval has not freed.
     */
    private static Keyval keyval(final Abi abi, final int handle)
    {
        final Keyval keyval = handle >= MpiRank.FIRST_USER_KEYVAL ? abi.rank.keyvals().get(handle) : null;
        if (keyval == null || keyval.freed())
        {
            throw new MpiException(MpiError.ERR_KEYVAL, "comm_keyval=" + handle + " is not a user keyval" +
                (keyval != null ? " (freed)" : handle == KEYVAL_INVALID ? " (MPI_KEYVAL_INVALID)" : "") +
                ": pass one from MPI_Comm_create_keyval");
        }
        return keyval;
    }

    /**
     * Calls {@code int fn(MPI_Comm comm, int keyval, void *attribute_val, void *extra_state)}, unless it is
     * MPI_COMM_NULL_DELETE_FN.
     */
    private static int callDelete(final Abi abi, final int commHandle, final int keyval, final int value)
    {
        final Keyval key = abi.rank.keyvals().get(keyval);
        if (key.deleteFunction() == Keyval.NULL_FN)
        {
            return 0;
        }
        return (int)abi.rank.guest().callFunctionPointer(key.deleteFunction(), commHandle, keyval, value,
            key.extraState())[0];
    }

    /**
     * Calls {@code int fn(MPI_Comm oldcomm, int keyval, void *extra_state, void *attribute_val_in,
     * void *attribute_val_out, int *flag)} with the out value and flag staged below the guest's stack pointer
     * (global 0), and puts the attribute on the duplicate when the flag comes back set.
     */
    private static int callCopy(final Abi abi, final int oldHandle, final int keyval, final int value,
        final Communicator dup)
    {
        final Keyval key = abi.rank.keyvals().get(keyval);
        final Guest guest = abi.rank.guest();
        try (GuestScratch out = GuestScratch.stage(guest, 0, 0))
        {
            final int result = (int)guest.callFunctionPointer(key.copyFunction(), oldHandle, keyval,
                key.extraState(), value, out.firstAddress(), out.secondAddress())[0];
            if (result == 0 && out.second() != 0)
            {
                dup.attributes().put(keyval, out.first());
            }
            return result;
        }
    }
}
