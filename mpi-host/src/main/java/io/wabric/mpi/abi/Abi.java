package io.wabric.mpi.abi;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;
import io.wabric.mpi.comm.Communicator;
import io.wabric.mpi.comm.Group;
import io.wabric.mpi.datatype.DataRef;
import io.wabric.mpi.datatype.Datatype;
import io.wabric.mpi.datatype.Datatypes;
import io.wabric.mpi.error.MpiError;
import io.wabric.mpi.error.MpiException;
import io.wabric.mpi.op.Operation;
import io.wabric.mpi.op.PredefinedOp;
import io.wabric.mpi.p2p.MatchRules;
import io.wabric.mpi.p2p.Request;
import io.wabric.mpi.world.MpiRank;

import java.nio.charset.StandardCharsets;

/**
 * One rank's view of the guest ABI: resolves integer handles, validates arguments with messages that name the
 * values, and reads and writes guest memory (statuses, int arrays, strings). Part of the guest ABI: the layouts
 * here match {@code guest-sdk/include/mpi.h}.
 *
 * <pre>
 *   MPI_Status (20 bytes)
 *   0        4       8         12                   16                20
 *   | SOURCE | TAG   | ERROR   | count in bytes     | cancelled flag   |
 * </pre>
 */
final class Abi
{
    static final int STATUS_SOURCE_OFFSET = 0;
    static final int STATUS_TAG_OFFSET = 4;
    static final int STATUS_ERROR_OFFSET = 8;
    static final int STATUS_COUNT_OFFSET = 12;
    static final int STATUS_CANCELLED_OFFSET = 16;
    static final int STATUS_LENGTH = 20;
    /** MPI_IN_PLACE as the guest passes it. */
    static final int IN_PLACE = -1;
    static final int UNDEFINED = -32766;
    static final int COMM_NULL = 0;
    static final int GROUP_NULL = 0;
    static final int REQUEST_NULL = 0;
    static final int ERRHANDLER_NULL = 0;

    /** Guest buffer references one blocking collective can borrow (see {@link #lendBufferRefs()}). */
    private static final int LENT_REFS = 4;

    final MpiRank rank;
    private Guest guest;
    private Memory memory;
    private final DataRef.GuestRef[] lentRefs = new DataRef.GuestRef[LENT_REFS];
    /** References handed out in the current blocking call, or -1 outside one. */
    private int lentRefCount = -1;

    Abi(final MpiRank rank)
    {
        this.rank = rank;
    }

    void enter(final Guest caller)
    {
        if (guest != caller)
        {
            guest = caller;
            rank.guest(caller);
        }
        memory = caller.memory();
    }

    Memory memory()
    {
        return memory;
    }

    Communicator comm(final int handle)
    {
        final Communicator comm = handle == COMM_NULL ? null : rank.comms().get(handle);
        if (comm == null)
        {
            throw new MpiException(MpiError.ERR_COMM, "comm=" + handle + " is not a live communicator of this rank" +
                (handle == COMM_NULL ? " (MPI_COMM_NULL)" : "") + ": pass MPI_COMM_WORLD or one you created");
        }
        return comm;
    }

    Datatype type(final int handle)
    {
        final Datatype type = handle < Datatypes.FIRST_DERIVED_HANDLE ? Datatypes.predefined(handle) :
            rank.types().get(handle);
        if (type == null)
        {
            throw new MpiException(MpiError.ERR_TYPE, "datatype=" + handle + " is not a datatype" +
                (handle == 0 ? " (MPI_DATATYPE_NULL)" : "") + ": pass a predefined type or one you created");
        }
        return type;
    }

    Datatype committedType(final int handle)
    {
        final Datatype type = type(handle);
        if (!type.committed())
        {
            throw new MpiException(MpiError.ERR_TYPE, "datatype " + type + " (handle " + handle +
                ") is not committed: call MPI_Type_commit first");
        }
        return type;
    }

    Operation op(final int handle)
    {
        final PredefinedOp predefined = PredefinedOp.of(handle);
        final Operation op = predefined != null ? Operation.of(predefined) : rank.ops().get(handle);
        if (op == null)
        {
            throw new MpiException(MpiError.ERR_OP, "op=" + handle + " is not a reduction operation" +
                (handle == 0 ? " (MPI_OP_NULL)" : "") + ": pass MPI_SUM etc. or one from MPI_Op_create");
        }
        return op;
    }

    Group group(final int handle)
    {
        if (handle == io.wabric.mpi.world.MpiRank.GROUP_EMPTY)
        {
            return Group.EMPTY;
        }
        final Group group = handle == GROUP_NULL ? null : rank.groups().get(handle);
        if (group == null)
        {
            throw new MpiException(MpiError.ERR_GROUP, "group=" + handle + " is not a live group" +
                (handle == GROUP_NULL ? " (MPI_GROUP_NULL)" : ""));
        }
        return group;
    }

    int addGroup(final Group group)
    {
        return group.size() == 0 ? io.wabric.mpi.world.MpiRank.GROUP_EMPTY : rank.groups().add(group);
    }

    static void checkCount(final int count, final String what)
    {
        if (count < 0)
        {
            throw new MpiException(MpiError.ERR_COUNT, what + "=" + count + " must be >= 0");
        }
    }

    /**
     * Rejects a NULL buffer that would have data at address 0 (a buffer of MPI_BOTTOM with absolute displacements
     * in its datatype is fine).
     */
    static void checkBuffer(final int address, final Datatype type, final int count, final String what)
    {
        if (address == 0 && count > 0 && type.size() > 0 && type.trueLb() == 0)
        {
            throw new MpiException(MpiError.ERR_BUFFER, what + "=NULL with count=" + count + " of " + type +
                ": pass a buffer of at least " + (long)count * type.size() + " bytes");
        }
    }

    static void checkTag(final int tag, final boolean wildcardAllowed)
    {
        if (tag < 0 && !(wildcardAllowed && tag == MatchRules.ANY_TAG))
        {
            throw new MpiException(MpiError.ERR_TAG, "tag=" + tag + " is invalid: tags are 0.." + MatchRules.TAG_UB +
                (wildcardAllowed ? " or MPI_ANY_TAG" : ""));
        }
    }

    /**
     * Checks a peer rank for point-to-point.
     */
    static void checkPeer(final Communicator comm, final int peer, final String what, final boolean anyAllowed)
    {
        if (peer == MatchRules.PROC_NULL || anyAllowed && peer == MatchRules.ANY_SOURCE)
        {
            return;
        }
        if (peer < 0 || peer >= comm.size())
        {
            throw new MpiException(MpiError.ERR_RANK, what + "=" + peer + " is not a rank of " + comm.name() +
                " (size " + comm.size() + "): use 0.." + (comm.size() - 1) + " or MPI_PROC_NULL" +
                (anyAllowed ? " or MPI_ANY_SOURCE" : ""));
        }
    }

    static void checkRoot(final Communicator comm, final int root)
    {
        if (root < 0 || root >= comm.size())
        {
            throw new MpiException(MpiError.ERR_ROOT, "root=" + root + " is not a rank of " + comm.name() +
                " (size " + comm.size() + "): use 0.." + (comm.size() - 1));
        }
    }

    DataRef data(final int address, final Datatype type, final int count)
    {
        final int lent = lentRefCount;
        if (lent >= 0 && lent < LENT_REFS && Thread.currentThread() == rank.thread())
        {
            DataRef.GuestRef ref = lentRefs[lent];
            if (ref == null)
            {
                ref = DataRef.guestView();
                lentRefs[lent] = ref;
            }
            lentRefCount = lent + 1;
            return ref.wrap(memory, address, type, count);
        }
        return DataRef.guest(memory, address, type, count);
    }

    /**
     * Until {@link #stopLendingBufferRefs()}, lets {@link #data} hand out this rank's reusable buffer references
     * instead of new ones, when called on the rank's own thread: for a blocking call, which finishes with its
     * buffers before it returns (MPI lets the caller reuse them then), so no reference outlives the call and the
     * next call may re-aim it. Why: a solver calls MPI_Allreduce every iteration, and the references were most of
     * what the call allocated. Never for a non-blocking call, whose references live on in its request.
     */
    void lendBufferRefs()
    {
        if (Thread.currentThread() == rank.thread())
        {
            lentRefCount = 0;
        }
    }

    /**
     * Ends {@link #lendBufferRefs()}: the call has returned.
     */
    void stopLendingBufferRefs()
    {
        lentRefCount = -1;
    }

    DataRef data(final long address, final Datatype type, final int count)
    {
        return DataRef.guest(memory, (int)address, type, count);
    }

    int readInt(final int address)
    {
        return memory.readInt(address);
    }

    /**
     * Reads a guest int array, checked first against the guest's memory, so a wild count is an MPI error naming it
     * rather than a huge host allocation or a Java exception.
     */
    int[] readInts(final int address, final int count)
    {
        final long memoryBytes = (long)memory.pages() * Memory.PAGE_SIZE;
        if (count < 0 || Integer.toUnsignedLong(address) + 4L * count > memoryBytes)
        {
            throw new MpiException(MpiError.ERR_ARG, "an array of " + count + " ints at address " +
                Integer.toUnsignedString(address) + " does not fit in the guest's memory of " + memoryBytes +
                " bytes");
        }
        final int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = memory.readInt(address + 4 * i);
        }
        return values;
    }

    void writeInt(final int address, final int value)
    {
        if (address != 0)
        {
            memory.writeI32(address, value);
        }
    }

    void writeInts(final int address, final int[] values)
    {
        for (int i = 0; i < values.length; i++)
        {
            memory.writeI32(address + 4 * i, values[i]);
        }
    }

    /**
     * Reads a NUL-terminated string, truncated to {@code maxLength} bytes (as MPI_Comm_set_name truncates).
     */
    String readString(final int address, final int maxLength)
    {
        int length = 0;
        while (length < maxLength && memory.read(address + length) != 0)
        {
            length++;
        }
        return new String(memory.readBytes(address, length), StandardCharsets.UTF_8);
    }

    /**
     * Writes a NUL-terminated string truncated to {@code capacity - 1} bytes and its length.
     */
    void writeString(final int address, final int lengthAddress, final String value, final int capacity)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(bytes.length, capacity - 1);
        memory.write(address, bytes, 0, length);
        memory.writeByte(address + length, (byte)0);
        writeInt(lengthAddress, length);
    }

    void writeStatus(final int address, final Request request, final boolean withError)
    {
        if (address == 0)
        {
            return;
        }
        memory.writeI32(address + STATUS_SOURCE_OFFSET, request.statusSource());
        memory.writeI32(address + STATUS_TAG_OFFSET, request.statusTag());
        if (withError)
        {
            memory.writeI32(address + STATUS_ERROR_OFFSET, request.error().code());
        }
        memory.writeI32(address + STATUS_COUNT_OFFSET, request.countBytes());
        memory.writeI32(address + STATUS_CANCELLED_OFFSET, 0);
    }

    /**
     * Writes MPI's empty status (MPI-3.1 3.7.3), what completing MPI_REQUEST_NULL or an array of inactive requests
     * returns: source MPI_ANY_SOURCE, tag MPI_ANY_TAG, count 0, not cancelled. The error field is left alone, as
     * completion calls leave it unless they return MPI_ERR_IN_STATUS (and as OpenMPI does).
     *
     * @param address the status, or 0 for MPI_STATUS_IGNORE.
     */
    void writeEmptyStatus(final int address)
    {
        writeNoMessageStatus(address, MatchRules.ANY_SOURCE);
    }

    /**
     * Writes the status of a probe of MPI_PROC_NULL (MPI-3.1 3.11): source MPI_PROC_NULL, tag MPI_ANY_TAG, count 0.
     *
     * @param address the status, or 0 for MPI_STATUS_IGNORE.
     */
    void writeProcNullStatus(final int address)
    {
        writeNoMessageStatus(address, MatchRules.PROC_NULL);
    }

    private void writeNoMessageStatus(final int address, final int source)
    {
        if (address == 0)
        {
            return;
        }
        memory.writeI32(address + STATUS_SOURCE_OFFSET, source);
        memory.writeI32(address + STATUS_TAG_OFFSET, MatchRules.ANY_TAG);
        memory.writeI32(address + STATUS_COUNT_OFFSET, 0);
        memory.writeI32(address + STATUS_CANCELLED_OFFSET, 0);
    }

    static void throwIfFailed(final Request request)
    {
        if (request.error() != MpiError.SUCCESS)
        {
            throw new MpiException(request.error(), request.errorMessage());
        }
    }
}
