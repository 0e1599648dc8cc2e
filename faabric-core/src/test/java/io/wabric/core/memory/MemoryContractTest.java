package io.wabric.core.memory;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every Wabric linear memory keeps, run over each implementation by subclassing: little-endian
 * layout, bounds traps with the address in the message, growth limits, bulk operations, data segments and atomics.
 * Subclasses supply {@link #newMemory(MemoryLimits)}.
 */
public abstract class MemoryContractTest
{
    /**
     * @param limits the declared limits.
     * @return a fresh memory of the implementation under test.
     */
    protected abstract Memory newMemory(MemoryLimits limits);

    private Memory memory(final int initial, final int maximum)
    {
        return newMemory(new MemoryLimits(initial, maximum));
    }

    @Test
    void shouldStartZeroedWithInitialPages()
    {
        final Memory memory = memory(2, 4);
        assertEquals(2, memory.pages());
        assertEquals(0, memory.readLong(0));
        assertEquals(0, memory.read(2 * Memory.PAGE_SIZE - 1));
    }

    @Test
    void shouldStoreLittleEndian()
    {
        final Memory memory = memory(1, 1);
        memory.writeI32(8, 0x01020304);
        assertEquals(0x04, memory.read(8));
        assertEquals(0x01, memory.read(11));
        memory.writeLong(16, 0x1122334455667788L);
        assertEquals((byte)0x88, memory.read(16));
        assertEquals(0x55667788, memory.readInt(16));
        memory.writeShort(32, (short)0xBEEF);
        assertEquals(0xBEEF, memory.readU16(32));
        memory.writeF64(40, -0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), memory.readLong(40));
        memory.writeF32(48, Float.NaN);
        assertTrue(Float.isNaN(memory.readFloat(48)));
    }

    @Test
    void shouldAccessUnalignedAcrossPageBoundary()
    {
        final Memory memory = memory(2, 2);
        final int addr = Memory.PAGE_SIZE - 3;
        memory.writeLong(addr, 0x0102030405060708L);
        assertEquals(0x0102030405060708L, memory.readLong(addr));
        assertEquals(0x05, memory.read(Memory.PAGE_SIZE));
    }

    @Test
    void shouldTrapOutOfBoundsWithAddressInMessage()
    {
        final Memory memory = memory(1, 1);
        // plain loads and stores may leave the check to the JDK; the trap named for the user is the same either way
        assertEquals("out of bounds memory access: address 65534 size 4 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.readInt(Memory.PAGE_SIZE - 2))));
        assertEquals("out of bounds memory access: address 65529 size 8 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.writeF64(Memory.PAGE_SIZE - 7, 1.0))));
        assertEquals("out of bounds memory access: address 65535 size 2 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.readU16(Memory.PAGE_SIZE - 1))));
        assertEquals("out of bounds memory access: address 4294967295 or above size 1 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.writeByte(-1, (byte)1))));
        assertEquals("out of bounds memory access: address 65536 size 1 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.read(Memory.PAGE_SIZE))));
        assertEquals("out of bounds memory access: address 2147483648 size 4 beyond memory of 65536 bytes",
            trapReason(assertThrows(RuntimeException.class, () -> memory.readFloat(Integer.MIN_VALUE))));
        assertThrows(WasmRuntimeException.class, () -> memory.readBytes(Memory.PAGE_SIZE - 4, 5));
        assertThrows(WasmRuntimeException.class, () -> memory.write(Memory.PAGE_SIZE - 1, new byte[2], 0, 2));
    }

    @Test
    void shouldGrowUpToMaximumAndKeepContents()
    {
        final Memory memory = memory(1, 3);
        memory.writeI32(100, 42);
        assertEquals(1, memory.grow(2));
        assertEquals(3, memory.pages());
        assertEquals(42, memory.readInt(100));
        memory.writeI32(3 * Memory.PAGE_SIZE - 4, 7);
        assertEquals(-1, memory.grow(1));
        assertEquals(3, memory.pages());
        assertEquals(3, memory.grow(0));
    }

    @Test
    void shouldCopyOverlappingRegionsLikeMemmove()
    {
        final Memory memory = memory(1, 1);
        for (int i = 0; i < 16; i++)
        {
            memory.writeByte(i, (byte)i);
        }
        memory.copy(4, 0, 8);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 12}, memory.readBytes(0, 13));
        memory.copy(0, 4, 8);
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, memory.readBytes(0, 8));
    }

    @Test
    void shouldFillAndZero()
    {
        final Memory memory = memory(1, 1);
        memory.fill((byte)7, 10, 20);
        assertEquals(0, memory.read(9));
        assertEquals(7, memory.read(10));
        assertEquals(7, memory.read(19));
        assertEquals(0, memory.read(20));
        memory.zero();
        assertEquals(0, memory.read(15));
    }

    @Test
    void shouldPlaceActiveSegmentsAndCopyPassiveOnesUntilDropped()
    {
        final Memory memory = memory(1, 1);
        final DataSegment[] segments = {
            new ActiveDataSegment(0, List.of(new Instruction(0, OpCode.I32_CONST, new long[] {100})), ascii("abc")),
            new PassiveDataSegment(ascii("hello"))};
        memory.initialize(null, segments);
        assertEquals("abc", memory.readString(100, 3));
        memory.initPassiveSegment(1, Memory.PAGE_SIZE - 4, 1, 4);
        assertEquals("ello", memory.readString(Memory.PAGE_SIZE - 4, 4));
        assertThrows(WasmRuntimeException.class, () -> memory.initPassiveSegment(1, Memory.PAGE_SIZE - 3, 0, 4),
            "past the memory's end");
        assertThrows(WasmRuntimeException.class, () -> memory.initPassiveSegment(1, 0, 3, 3), "past the segment's end");
        memory.drop(1);
        memory.initPassiveSegment(1, 0, 0, 0);
        assertThrows(WasmRuntimeException.class, () -> memory.initPassiveSegment(1, 0, 0, 1), "dropped segment");
        assertEquals(0, memory.read(0));

        final Memory small = memory(1, 1);
        final DataSegment[] outside = {new ActiveDataSegment(0,
            List.of(new Instruction(0, OpCode.I32_CONST, new long[] {Memory.PAGE_SIZE - 2})), ascii("abc"))};
        final UninstantiableException ex = assertThrows(UninstantiableException.class,
            () -> small.initialize(null, outside));
        assertTrue(ex.getMessage().contains("out of bounds memory access"), ex.getMessage());
    }

    /**
     * @return what a user is told of an out-of-bounds fault: {@link OutOfBoundsAccess}'s naming where the memory
     * left the check to the JDK, the exception's own message where it trapped itself.
     */
    private static String trapReason(final RuntimeException fault)
    {
        final String named = OutOfBoundsAccess.describe(fault);
        if (named == null)
        {
            assertTrue(fault instanceof WasmRuntimeException, fault.toString());
            return fault.getMessage();
        }
        return named;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldRoundTripRandomBulkWrites()
    {
        final Memory memory = memory(4, 4);
        final Random random = new Random(42);
        final byte[] expected = new byte[4 * Memory.PAGE_SIZE];
        for (int i = 0; i < 200; i++)
        {
            final int length = random.nextInt(3 * Memory.PAGE_SIZE / 2);
            final int addr = random.nextInt(expected.length - length);
            final byte[] data = new byte[length];
            random.nextBytes(data);
            memory.write(addr, data);
            System.arraycopy(data, 0, expected, addr, length);
        }
        assertArrayEquals(expected, memory.readBytes(0, expected.length));
    }

    @Test
    void shouldPerformAtomicReadModifyWrite()
    {
        final Memory memory = memory(1, 1);
        assertEquals(0, memory.atomicAddInt(0, 5));
        assertEquals(5, memory.atomicCmpxchgInt(0, 5, 9));
        assertEquals(9, memory.atomicXchgInt(0, 1));
        assertEquals(1, memory.atomicReadInt(0));
        assertEquals(0L, memory.atomicAddLong(8, -1L));
        assertEquals(-1L, memory.atomicReadLong(8));
        memory.writeI32(16, 0x11223344);
        assertEquals((byte)0x22, memory.atomicAddByte(18, (byte)1));
        assertEquals(0x11233344, memory.readInt(16));
        assertEquals((short)0x1123, memory.atomicCmpxchgShort(18, (short)0x1123, (short)0x7777));
        assertEquals(0x77773344, memory.readInt(16));
    }

    @Test
    void shouldTrapOnUnalignedAtomic()
    {
        final Memory memory = memory(1, 1);
        final WasmRuntimeException ex = assertThrows(WasmRuntimeException.class, () -> memory.atomicAddInt(2, 1));
        assertTrue(ex.getMessage().contains("unaligned"), ex.getMessage());
    }

    @Test
    void shouldCountExactlyWithConcurrentAtomicAdds() throws InterruptedException
    {
        final Memory memory = memory(1, 1);
        final int threads = 4;
        final int adds = 20_000;
        final AtomicInteger started = new AtomicInteger();
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() ->
            {
                started.incrementAndGet();
                for (int i = 0; i < adds; i++)
                {
                    memory.atomicAddInt(64, 1);
                    memory.atomicAddByte(129, (byte)1);
                }
            });
            workers[t].start();
        }
        for (final Thread worker : workers)
        {
            worker.join(30_000);
        }
        assertEquals(threads * adds, memory.readInt(64));
        assertEquals((byte)(threads * adds), memory.read(129));
        assertEquals(0, memory.read(128));
        assertEquals(0, memory.read(130));
    }
}
