package io.wabric.openmp;

import io.wabric.core.WabricException;

/**
 * A fault in one thread of an OpenMP team, carried to the thread that ends the program: names the thread and
 * keeps the original fault (and its Wasm frames) as the cause.
 */
public final class OpenMpThreadTrap extends WabricException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param threadNum the thread's number in its team.
     * @param fault     what ended it.
     */
    public OpenMpThreadTrap(final int threadNum, final Throwable fault)
    {
        super("OpenMP thread " + threadNum + ": " + describe(fault), fault);
        setStackTrace(fault.getStackTrace());
    }

    private static String describe(final Throwable fault)
    {
        for (Throwable t = fault; t != null; t = t.getCause())
        {
            if (t instanceof StackOverflowError)
            {
                return "call stack exhausted (Wasm recursion too deep for the thread stack)";
            }
        }
        final String message = fault.getMessage();
        if (message == null || message.isEmpty())
        {
            return fault.getClass().getSimpleName();
        }
        if (message.startsWith("Trapped on unreachable"))
        {
            return "unreachable instruction executed (abort() or __builtin_trap())";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
