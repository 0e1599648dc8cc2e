package io.wabric.mpi.op;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;

/**
 * A reduction operation as collectives apply it to packed data: a predefined one, or a guest's
 * {@code MPI_User_function} called through its function table.
 *
 * <p>A user function needs its operands in guest memory in the datatype's layout. They are staged in a scratch
 * area carved below the guest's stack pointer (global 0, {@code __stack_pointer} in wasm-ld output) and the call
 * is made in chunks of at most {@link #SCRATCH_BYTES}, which MPI allows: a user function must accept any length.
 */
public final class Operation
{
    /** Scratch staged below the guest stack pointer per user-function call. */
    static final int SCRATCH_BYTES = 32 * 1024;

    private final PredefinedOp predefined;
    private final int functionPointer;
    private final boolean commutative;

    /** One immutable instance per predefined op, so resolving MPI_SUM on every call allocates nothing. */
    private static final Operation[] PREDEFINED = predefinedOperations();

    private static Operation[] predefinedOperations()
    {
        final PredefinedOp[] ops = PredefinedOp.values();
        final Operation[] operations = new Operation[ops.length];
        for (final PredefinedOp op : ops)
        {
            operations[op.ordinal()] = new Operation(op, 0, true);
        }
        return operations;
    }

    private Operation(final PredefinedOp predefined, final int functionPointer, final boolean commutative)
    {
        this.predefined = predefined;
        this.functionPointer = functionPointer;
        this.commutative = commutative;
    }

    /**
     * @param op a predefined op.
     * @return it as an operation.
     */
    public static Operation of(final PredefinedOp op)
    {
        return PREDEFINED[op.ordinal()];
    }

    /**
     * @param functionPointer the guest's MPI_User_function, an index into its table.
     * @param commutative     whether the function commutes.
     * @return a user operation.
     */
    public static Operation user(final int functionPointer, final boolean commutative)
    {
        return new Operation(null, functionPointer, commutative);
    }

    /**
     * @return whether operands may be combined in any order.
     */
    public boolean commutative()
    {
        return commutative;
    }

    /**
     * @return the predefined op, or {@code null} for a user op.
     */
    public PredefinedOp predefined()
    {
        return predefined;
    }

    /**
     * Checks the op can reduce this datatype.
     *
     * @param type the datatype.
     * @param call the MPI call, for messages.
     */
    public void check(final Datatype type, final String call)
    {
        if (predefined != null && !type.predefined())
        {
            throw new MpiException(MpiError.ERR_OP, predefined.symbol() + " is not defined for the derived datatype " +
                type.name() + ": predefined operations take predefined datatypes (as in OpenMPI); reduce the " +
                "element type with a larger count, or use MPI_Op_create");
        }
        if (predefined != null)
        {
            Reductions.check(predefined, type.primitive(), call, type.name());
        }
    }

    /**
     * {@code inout = in op inout} for count elements of a datatype, both packed.
     *
     * @param guest    the calling rank's guest, for user functions.
     * @param type     the datatype.
     * @param typeHandle its handle, passed to a user function.
     * @param in       first operand.
     * @param inOffset its first byte.
     * @param inout    second operand and result.
     * @param ioOffset its first byte.
     * @param count    elements.
     */
    public void apply(final Guest guest, final Datatype type, final int typeHandle, final byte[] in,
        final int inOffset, final byte[] inout, final int ioOffset, final int count)
    {
        if (count == 0)
        {
            return;
        }
        if (predefined != null)
        {
            final int primitiveBytes = type.primitive().packedBytes();
            Reductions.apply(predefined, type.primitive(), in, inOffset, inout, ioOffset,
                (int)((long)count * type.size() / primitiveBytes));
            return;
        }
        applyUser(guest, type, typeHandle, in, inOffset, inout, ioOffset, count);
    }

    private void applyUser(final Guest guest, final Datatype type, final int typeHandle, final byte[] in,
        final int inOffset, final byte[] inout, final int ioOffset, final int count)
    {
        final Memory memory = guest.memory();
        final long span = Math.max(type.extent(), type.trueLb() + type.trueExtent());
        final int perChunk = (int)Math.max(1, Math.min(count, SCRATCH_BYTES / Math.max(1, 2 * span)));
        final int chunkSpan = (int)(perChunk * span);
        final int stackPointer = (int)guest.globalAt(0);
        final int scratch = (stackPointer - (2 * chunkSpan + 32)) & ~15;
        if (scratch <= 0)
        {
            throw new MpiException(MpiError.ERR_NO_MEM, "user reduction function: no room below the stack " +
                "pointer 0x" + Integer.toHexString(stackPointer) + " for " + (2 * chunkSpan + 32) + " bytes");
        }
        final int inAddress = scratch + 16 - (int)Math.min(0, type.lb());
        final int inoutAddress = inAddress + chunkSpan;
        final int lenAddress = scratch;
        final int typeAddress = scratch + 4;
        guest.globalAt(0, scratch);
        try
        {
            for (int done = 0; done < count; done += perChunk)
            {
                final int n = Math.min(perChunk, count - done);
                final int bytes = n * type.size();
                final int offset = done * type.size();
                DataRef.guest(memory, inAddress, type, n).unpack(in, inOffset + offset, bytes);
                final DataRef result = DataRef.guest(memory, inoutAddress, type, n);
                result.unpack(inout, ioOffset + offset, bytes);
                memory.writeI32(lenAddress, n);
                memory.writeI32(typeAddress, typeHandle);
                guest.callFunctionPointer(functionPointer, inAddress, inoutAddress, lenAddress, typeAddress);
                result.pack(inout, ioOffset + offset);
            }
        }
        finally
        {
            guest.globalAt(0, stackPointer);
        }
    }
}
