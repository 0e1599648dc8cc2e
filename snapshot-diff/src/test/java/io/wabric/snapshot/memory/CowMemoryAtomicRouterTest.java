package io.wabric.snapshot.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every atomic instruction of a memory that takes an {@link AtomicRouter} ({@link CowMemory} and
 * {@link TrackedMemory}) reaches the router when one is set, with the width, the operation and zero-extended
 * operands, leaves the memory itself untouched, and acts on the memory again when the router is cleared. One suite
 * over both memories, so the two keep the same routing contract.
 */
final class CowMemoryAtomicRouterTest
{
    private final List<String> calls = new ArrayList<>();

    private final AtomicRouter recorder = new AtomicRouter()
    {
        @Override
        public long readModifyWrite(
            final Memory local, final int address, final int widthBytes, final Op op, final long operand,
            final long replacement)
        {
            calls.add(op + " " + address + "/" + widthBytes + " " + Long.toHexString(operand) + " " +
                Long.toHexString(replacement));
            return 0xFF;
        }

        @Override
        public long load(final Memory local, final int address, final int widthBytes)
        {
            calls.add("load " + address + "/" + widthBytes);
            return 0xFFFF_FFFF_FFFFL;
        }

        @Override
        public void store(final Memory local, final int address, final int widthBytes, final long value)
        {
            calls.add("store " + address + "/" + widthBytes + " " + Long.toHexString(value));
        }
    };

    /**
     * A memory under test and how to set its router: the two memories share no interface for it.
     */
    private record Routed(Memory memory, BiConsumer<Memory, AtomicRouter> setRouter)
    {
        void route(final AtomicRouter router)
        {
            setRouter.accept(memory, router);
        }
    }

    static Stream<Arguments> memories()
    {
        return Stream.of(
            Arguments.of(Named.of("CowMemory", new Routed(new CowMemory(new MemoryLimits(1, 1)),
                (memory, router) -> ((CowMemory)memory).atomicRouter(router)))),
            Arguments.of(Named.of("TrackedMemory", new Routed(new TrackedMemory(new MemoryLimits(1, 1)),
                (memory, router) -> ((TrackedMemory)memory).atomicRouter(router)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void shouldRouteEveryAtomicWithWidthOperationAndZeroExtendedOperands(final Routed routed)
    {
        final Memory memory = routed.memory();
        routed.route(recorder);
        assertEquals(0xFF, memory.atomicAddInt(8, -1));
        assertEquals((byte)0xFF, memory.atomicCmpxchgByte(3, (byte)-2, (byte)1));
        memory.atomicXchgShort(2, (short)-1);
        memory.atomicOrLong(16, 5L);
        memory.atomicWriteInt(4, -1);
        assertEquals(-1, memory.atomicReadInt(4));
        assertEquals(0xFFFF_FFFF_FFFFL, memory.atomicReadLong(8));
        assertEquals(List.of("ADD 8/4 ffffffff 0", "CMPXCHG 3/1 fe 1", "XCHG 2/2 ffff 0", "OR 16/8 5 0",
            "store 4/4 ffffffff", "load 4/4", "load 8/8"), calls);
        assertEquals(0, memory.readInt(8), "the routed atomics did not touch this memory");

        routed.route(null);
        assertEquals(0, memory.atomicAddInt(8, 7));
        assertEquals(7, memory.readInt(8));
        assertEquals(7, calls.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void shouldRouteEveryWidthOfEveryOperationAndNarrowTheRoutersResult(final Routed routed)
    {
        final Memory memory = routed.memory();
        routed.route(recorder);

        assertEquals((byte)-1, memory.atomicReadByte(1));
        assertEquals((short)-1, memory.atomicReadShort(2));
        assertEquals(-1, memory.atomicReadInt(4));
        assertEquals(0xFFFF_FFFF_FFFFL, memory.atomicReadLong(8));

        memory.atomicWriteByte(1, (byte)-1);
        memory.atomicWriteShort(2, (short)-1);
        memory.atomicWriteInt(4, -1);
        memory.atomicWriteLong(8, -1L);

        assertEquals((byte)-1, memory.atomicAddByte(1, (byte)-1));
        assertEquals((byte)-1, memory.atomicAndByte(1, (byte)-1));
        assertEquals((byte)-1, memory.atomicOrByte(1, (byte)-1));
        assertEquals((byte)-1, memory.atomicXorByte(1, (byte)-1));
        assertEquals((byte)-1, memory.atomicXchgByte(1, (byte)-1));
        assertEquals((byte)-1, memory.atomicCmpxchgByte(1, (byte)-1, (byte)-2));

        assertEquals((short)0xFF, memory.atomicAddShort(2, (short)-1));
        assertEquals((short)0xFF, memory.atomicAndShort(2, (short)-1));
        assertEquals((short)0xFF, memory.atomicOrShort(2, (short)-1));
        assertEquals((short)0xFF, memory.atomicXorShort(2, (short)-1));
        assertEquals((short)0xFF, memory.atomicXchgShort(2, (short)-1));
        assertEquals((short)0xFF, memory.atomicCmpxchgShort(2, (short)-1, (short)-2));

        assertEquals(0xFF, memory.atomicAddInt(4, -1));
        assertEquals(0xFF, memory.atomicAndInt(4, -1));
        assertEquals(0xFF, memory.atomicOrInt(4, -1));
        assertEquals(0xFF, memory.atomicXorInt(4, -1));
        assertEquals(0xFF, memory.atomicXchgInt(4, -1));
        assertEquals(0xFF, memory.atomicCmpxchgInt(4, -1, -2));

        assertEquals(0xFFL, memory.atomicAddLong(8, -1L));
        assertEquals(0xFFL, memory.atomicAndLong(8, -1L));
        assertEquals(0xFFL, memory.atomicOrLong(8, -1L));
        assertEquals(0xFFL, memory.atomicXorLong(8, -1L));
        assertEquals(0xFFL, memory.atomicXchgLong(8, -1L));
        assertEquals(0xFFL, memory.atomicCmpxchgLong(8, -1L, -2L));

        assertEquals(List.of(
            "load 1/1", "load 2/2", "load 4/4", "load 8/8",
            "store 1/1 ff", "store 2/2 ffff", "store 4/4 ffffffff", "store 8/8 ffffffffffffffff",
            "ADD 1/1 ff 0", "AND 1/1 ff 0", "OR 1/1 ff 0", "XOR 1/1 ff 0", "XCHG 1/1 ff 0", "CMPXCHG 1/1 ff fe",
            "ADD 2/2 ffff 0", "AND 2/2 ffff 0", "OR 2/2 ffff 0", "XOR 2/2 ffff 0", "XCHG 2/2 ffff 0",
            "CMPXCHG 2/2 ffff fffe",
            "ADD 4/4 ffffffff 0", "AND 4/4 ffffffff 0", "OR 4/4 ffffffff 0", "XOR 4/4 ffffffff 0",
            "XCHG 4/4 ffffffff 0", "CMPXCHG 4/4 ffffffff fffffffe",
            "ADD 8/8 ffffffffffffffff 0", "AND 8/8 ffffffffffffffff 0", "OR 8/8 ffffffffffffffff 0",
            "XOR 8/8 ffffffffffffffff 0", "XCHG 8/8 ffffffffffffffff 0",
            "CMPXCHG 8/8 ffffffffffffffff fffffffffffffffe"), calls);
        assertArrayEquals(new byte[Memory.PAGE_SIZE], memory.readBytes(0, Memory.PAGE_SIZE),
            "no routed atomic wrote this memory");
    }
}
