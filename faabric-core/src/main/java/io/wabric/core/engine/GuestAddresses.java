package io.wabric.core.engine;

/**
 * The effective address of a guest memory access, branch-free, for the compiled code (see
 * {@link CompiledCodeRewriter}, which sends Chicory's {@code getAddr} calls here).
 *
 * <p>Wasm adds an unsigned 32-bit base and an unsigned offset; Chicory's version tests the base's sign on every
 * access ({@code base < 0 ? base : base + offset}) and leaves the rest to the memory's array bounds check. Here a
 * negative base (an address of 2 GiB or more, beyond any linear memory Wabric holds) turns the sum into -1, and a
 * sum that overflows is negative by itself: either way the array's bounds check, which runs anyway, traps it. One
 * OR and one shift instead of a compare and a branch, on every load and store.
 */
public final class GuestAddresses
{
    static final String INTERNAL_NAME = "io/wabric/core/engine/GuestAddresses";
    static final String EFFECTIVE_NAME = "effective";

    private GuestAddresses()
    {
    }

    /**
     * @param base   the address operand, unsigned.
     * @param offset the instruction's offset, 0 to {@link Integer#MAX_VALUE} - 1.
     * @return {@code base + offset}, or a negative index when that is 2 GiB or more.
     */
    public static int effective(final int base, final int offset)
    {
        // offset is a constant at every call site, so the JIT keeps one arm: a bare base when it is 0
        return offset == 0 ? base : (base + offset) | (base >> 31);
    }
}
