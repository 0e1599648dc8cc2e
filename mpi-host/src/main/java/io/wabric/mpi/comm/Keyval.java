package io.wabric.mpi.comm;

/**
 * A user attribute key from MPI_Comm_create_keyval: the guest's copy and delete functions (pointers into its
 * function table, or the markers of the predefined ones) and the extra_state it passes them.
 *
 * <p>A freed keyval stays attached to the communicators that carry its attributes (MPI-3.1 6.7.2): their delete
 * function still runs when they are freed, so its handle is never reused.
 */
public final class Keyval
{
    /** MPI_COMM_NULL_COPY_FN and MPI_COMM_NULL_DELETE_FN: NULL. Part of the guest ABI (mpi.h). */
    public static final int NULL_FN = 0;
    /** MPI_COMM_DUP_FN: -1, never a function table index. Part of the guest ABI (mpi.h). */
    public static final int DUP_FN = -1;

    private final int copyFunction;
    private final int deleteFunction;
    private final int extraState;
    private boolean freed;

    /**
     * @param copyFunction   the guest's MPI_Comm_copy_attr_function, {@link #NULL_FN} or {@link #DUP_FN}.
     * @param deleteFunction the guest's MPI_Comm_delete_attr_function or {@link #NULL_FN}.
     * @param extraState     the guest's extra_state pointer, passed to both.
     */
    public Keyval(final int copyFunction, final int deleteFunction, final int extraState)
    {
        this.copyFunction = copyFunction;
        this.deleteFunction = deleteFunction;
        this.extraState = extraState;
    }

    /**
     * @return the copy function MPI_Comm_dup calls, {@link #NULL_FN} or {@link #DUP_FN}.
     */
    public int copyFunction()
    {
        return copyFunction;
    }

    /**
     * @return the delete function MPI_Comm_free and MPI_Comm_delete_attr call, or {@link #NULL_FN}.
     */
    public int deleteFunction()
    {
        return deleteFunction;
    }

    /**
     * @return the extra_state pointer the functions get.
     */
    public int extraState()
    {
        return extraState;
    }

    /**
     * @return whether MPI_Comm_free_keyval freed it: no new attribute may use it.
     */
    public boolean freed()
    {
        return freed;
    }

    /**
     * Marks the keyval freed by MPI_Comm_free_keyval.
     */
    public void free()
    {
        freed = true;
    }
}
