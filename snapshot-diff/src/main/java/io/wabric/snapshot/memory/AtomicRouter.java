package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;

/**
 * Where the atomic instructions of a {@link CowMemory} or a {@link TrackedMemory} go when they must act on memory
 * shared beyond this copy: OpenMP fork mode routes them to its team's home memory, so that threads running on private forks still count, swap and
 * compare-exchange on one value. Values are raw bits, zero-extended from the access width.
 */
public interface AtomicRouter
{
    /** A read-modify-write operation. */
    enum Op
    {
        /** Adds the operand. */
        ADD,
        /** Bitwise and. */
        AND,
        /** Bitwise or. */
        OR,
        /** Bitwise exclusive or. */
        XOR,
        /** Stores the operand. */
        XCHG,
        /** Stores the replacement when the value equals the operand. */
        CMPXCHG
    }

    /**
     * @param local        the memory the instruction ran on.
     * @param address      aligned to the width.
     * @param widthBytes   1, 2, 4 or 8.
     * @param op           the operation.
     * @param operand      its operand (the expected value for CMPXCHG).
     * @param replacement  CMPXCHG's replacement, else unused.
     * @return the value before the operation.
     */
    long readModifyWrite(Memory local, int address, int widthBytes, Op op, long operand, long replacement);

    /**
     * @param local      the memory the instruction ran on.
     * @param address    aligned to the width.
     * @param widthBytes 1, 2, 4 or 8.
     * @return the value.
     */
    long load(Memory local, int address, int widthBytes);

    /**
     * @param local      the memory the instruction ran on.
     * @param address    aligned to the width.
     * @param widthBytes 1, 2, 4 or 8.
     * @param value      the value.
     */
    void store(Memory local, int address, int widthBytes, long value);
}
