package io.wabric.core.faaslet;

import io.wabric.core.engine.GuestModule;
import io.wabric.core.memory.OutOfBoundsAccess;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a guest fault into what a user needs: one line with the trap reason and a backtrace of Wasm function
 * names, recovered from the JVM frames of the compiled guest (each Wasm function compiles to a method
 * {@code func_<index>}).
 */
public final class TrapDiagnostics
{
    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_(\\d+)");
    private static final int MAX_FRAMES = 24;

    private TrapDiagnostics()
    {
    }

    /**
     * @param fault the throwable that ended the guest.
     * @return one line describing the trap.
     */
    public static String reason(final Throwable fault)
    {
        if (fault instanceof DescribedTrap)
        {
            return firstLine(fault.getMessage());
        }
        for (Throwable t = fault; t != null; t = t.getCause())
        {
            if (t instanceof StackOverflowError)
            {
                return "call stack exhausted (Wasm recursion too deep for the thread stack)";
            }
        }
        final String outOfBounds = OutOfBoundsAccess.describe(fault);
        if (outOfBounds != null)
        {
            return outOfBounds;
        }
        String message = fault.getMessage();
        if (message == null || message.isEmpty())
        {
            message = fault.getClass().getSimpleName();
        }
        if (message.startsWith("Trapped on unreachable"))
        {
            message = "unreachable instruction executed (abort() or __builtin_trap())";
        }
        return firstLine(message);
    }

    private static String firstLine(final String message)
    {
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * @param fault  the throwable that ended the guest.
     * @param module the guest's module, for function names.
     * @return the Wasm backtrace, innermost first, one {@code "  at name"} per line; repeats are folded.
     */
    public static String backtrace(final Throwable fault, final GuestModule module)
    {
        final List<String> names = new ArrayList<>();
        for (Throwable t = fault; t != null; t = t.getCause())
        {
            for (final StackTraceElement frame : t.getStackTrace())
            {
                final Matcher matcher = COMPILED_FUNCTION.matcher(frame.getMethodName());
                if (matcher.matches())
                {
                    names.add(module.functionName(Integer.parseInt(matcher.group(1))));
                }
            }
            if (!names.isEmpty())
            {
                break;
            }
        }
        final StringBuilder text = new StringBuilder();
        int lines = 0;
        for (int i = 0; i < names.size() && lines < MAX_FRAMES; lines++)
        {
            int repeat = 1;
            while (i + repeat < names.size() && names.get(i + repeat).equals(names.get(i)))
            {
                repeat++;
            }
            text.append("  at ").append(names.get(i));
            if (repeat > 1)
            {
                text.append(" (").append(repeat).append(" frames)");
            }
            text.append('\n');
            i += repeat;
        }
        if (lines == MAX_FRAMES)
        {
            text.append("  ...\n");
        }
        return text.toString();
    }
}
