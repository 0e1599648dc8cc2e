package io.wabric.core.memory;

import com.dylibso.chicory.runtime.Memory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names a guest load or store that left its memory. {@link FlatMemory}'s plain accesses let the JDK's bounds check
 * throw {@link IndexOutOfBoundsException} (see {@link FlatMemory} for why); this turns such an exception back into
 * the trap a Wasm user expects, with the address, the access's width and the memory's size, e.g.
 * {@code out of bounds memory access: address 65534 size 4 beyond memory of 65536 bytes}.
 *
 * <p>How: the JDK's message gives the address and the check's limit, which is the memory's length less the width
 * plus one (a VarHandle view of width {@code w} accepts the indices {@code 0 .. length - w}); the width comes from
 * the {@link FlatMemory} method (or that of a memory registered with {@link #nameAccessesOf}) on the exception's
 * stack. An exception from anywhere else is not a guest access and is left alone.
 */
public final class OutOfBoundsAccess
{
    private static final Pattern JDK_MESSAGE = Pattern.compile("Index (-?\\d+) out of bounds for length (-?\\d+)");
    /** Classes whose plain loads and stores leave the bounds check to the JDK, by name. */
    private static final Set<String> MEMORY_CLASSES = new CopyOnWriteArraySet<>(List.of(FlatMemory.class.getName()));
    private static final Map<String, Integer> WIDTH_BYTES_BY_METHOD = Map.ofEntries(
        Map.entry("read", 1), Map.entry("writeByte", 1),
        Map.entry("readShort", 2), Map.entry("readU16", 2), Map.entry("writeShort", 2),
        Map.entry("readInt", 4), Map.entry("readF32", 4), Map.entry("readFloat", 4), Map.entry("writeI32", 4),
        Map.entry("writeF32", 4),
        Map.entry("readLong", 8), Map.entry("readF64", 8), Map.entry("readDouble", 8), Map.entry("writeLong", 8),
        Map.entry("writeF64", 8));

    private OutOfBoundsAccess()
    {
    }

    /**
     * Registers another memory whose plain loads and stores, named as {@link FlatMemory}'s, leave the bounds check
     * to the JDK, so that its out-of-bounds exceptions are named as traps too.
     *
     * @param memoryClass the memory's class.
     */
    public static void nameAccessesOf(final Class<? extends Memory> memoryClass)
    {
        MEMORY_CLASSES.add(memoryClass.getName());
    }

    /**
     * @param addr        the address, unsigned.
     * @param sizeBytes   the access's width or the copy's length.
     * @param memoryBytes the memory's length.
     * @return the one-line trap message.
     */
    public static String message(final int addr, final int sizeBytes, final long memoryBytes)
    {
        // GuestAddresses.effective folds a base + offset of 4 GiB or more to -1 so that the bounds check traps it:
        // the true address is then known only to be at least the last of the 32-bit address space
        final String address = addr == -1 ? "4294967295 or above" : Integer.toUnsignedString(addr);
        return "out of bounds memory access: address " + address + " size " + sizeBytes + " beyond memory of " +
            memoryBytes + " bytes";
    }

    /**
     * @param fault a throwable that ended guest code.
     * @return the trap message if the fault, or one of its causes, is a registered memory's access out of bounds;
     * {@code null} otherwise.
     */
    public static String describe(final Throwable fault)
    {
        for (Throwable t = fault; t != null; t = t.getCause())
        {
            if (t instanceof IndexOutOfBoundsException)
            {
                final int widthBytes = accessWidthBytes(t.getStackTrace());
                final Matcher matcher = JDK_MESSAGE.matcher(String.valueOf(t.getMessage()));
                if (widthBytes > 0 && matcher.find())
                {
                    final int addr = Integer.parseInt(matcher.group(1));
                    final long limit = Long.parseLong(matcher.group(2));
                    return message(addr, widthBytes, Math.max(0, limit + widthBytes - 1));
                }
            }
        }
        return null;
    }

    private static int accessWidthBytes(final StackTraceElement[] frames)
    {
        for (final StackTraceElement frame : frames)
        {
            if (MEMORY_CLASSES.contains(frame.getClassName()))
            {
                return WIDTH_BYTES_BY_METHOD.getOrDefault(frame.getMethodName(), 0);
            }
        }
        return 0;
    }
}
