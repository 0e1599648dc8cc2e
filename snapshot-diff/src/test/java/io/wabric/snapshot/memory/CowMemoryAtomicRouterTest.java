package io.wabric.snapshot.memory;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every atomic instruction of a {@link CowMemory} reaches its {@link AtomicRouter} when one is set, with the width,
 * the operation and zero-extended operands, and acts on the memory itself again when it is cleared.
 */
final class CowMemoryAtomicRouterTest
{
    private final List<String> calls = new ArrayList<>();

    private final AtomicRouter recorder = new AtomicRouter()
    {
        @Override
        public long readModifyWrite(
            final CowMemory local, final int address, final int widthBytes, final Op op, final long operand,
            final long replacement)
        {
            calls.add(op + " " + address + "/" + widthBytes + " " + Long.toHexString(operand) + " " +
                Long.toHexString(replacement));
            return 0xFF;
        }

        @Override
        public long load(final CowMemory local, final int address, final int widthBytes)
        {
            calls.add("load " + address + "/" + widthBytes);
            return 0xFFFF_FFFF_FFFFL;
        }

        @Override
        public void store(final CowMemory local, final int address, final int widthBytes, final long value)
        {
            calls.add("store " + address + "/" + widthBytes + " " + Long.toHexString(value));
        }
    };

    @Test
    void shouldRouteEveryAtomicWithWidthOperationAndZeroExtendedOperands()
    {
        final CowMemory memory = new CowMemory(new MemoryLimits(1, 1));
        memory.atomicRouter(recorder);
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

        memory.atomicRouter(null);
        assertEquals(0, memory.atomicAddInt(8, 7));
        assertEquals(7, memory.readInt(8));
        assertEquals(7, calls.size());
    }
}
