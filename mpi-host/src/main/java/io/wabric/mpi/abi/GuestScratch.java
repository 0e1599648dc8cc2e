package io.wabric.mpi.abi;

import io.wabric.core.engine.Guest;

/**
 * Two ints staged below the guest's stack pointer (global 0) while the host calls a guest callback that takes
 * pointers to them (an error handler's {@code MPI_Comm *} and {@code int *}, a copy function's
 * {@code attribute_val_out} and {@code flag}): the stack pointer is lowered past them for the call, so the callback's
 * own frames cannot overwrite them, and put back on {@link #close()}.
 *
 * <pre>
 *   stack pointer before ->  +------------------+
 *                            | (unused, to 16)  |
 *   address + 4          ->  | second int       |
 *   address, the new SP  ->  | first int        |
 * </pre>
 */
final class GuestScratch implements AutoCloseable
{
    /** Bytes set aside, keeping the stack pointer 16-byte aligned as clang's wasm32 ABI expects. */
    private static final int BYTES = 16;

    private final Guest guest;
    private final int savedStackPointer;
    private final int address;

    private GuestScratch(final Guest guest, final int savedStackPointer, final int address)
    {
        this.guest = guest;
        this.savedStackPointer = savedStackPointer;
        this.address = address;
    }

    /**
     * @param guest  the guest about to be called.
     * @param first  the first int's value.
     * @param second the second int's value.
     * @return the scratch; close it after the call.
     */
    static GuestScratch stage(final Guest guest, final int first, final int second)
    {
        final int stackPointer = (int)guest.globalAt(0);
        final int address = (stackPointer - BYTES) & ~(BYTES - 1);
        guest.globalAt(0, address);
        guest.memory().writeI32(address, first);
        guest.memory().writeI32(address + 4, second);
        return new GuestScratch(guest, stackPointer, address);
    }

    /**
     * @return the first int's address; the second's is 4 bytes above.
     */
    int firstAddress()
    {
        return address;
    }

    /**
     * @return the second int's address.
     */
    int secondAddress()
    {
        return address + 4;
    }

    /**
     * @return the first int now.
     */
    int first()
    {
        return guest.memory().readInt(address);
    }

    /**
     * @return the second int now.
     */
    int second()
    {
        return guest.memory().readInt(address + 4);
    }

    @Override
    public void close()
    {
        guest.globalAt(0, savedStackPointer);
    }
}
