package io.wabric.openmp;

import io.wabric.core.faaslet.DescribedTrap;
import io.wabric.core.faaslet.TrapDiagnostics;

/**
 * A fault in one thread of an OpenMP team, carried to the thread that ends the program: names the thread and
 * keeps the original fault (and its Wasm frames) as the cause.
 */
public final class OpenMpThreadTrap extends DescribedTrap
{
    private static final long serialVersionUID = 1L;

    /**
     * @param threadNum the thread's number in its team.
     * @param fault     what ended it.
     */
    public OpenMpThreadTrap(final int threadNum, final Throwable fault)
    {
        super("OpenMP thread " + threadNum + ": " + TrapDiagnostics.reason(fault), fault);
        setStackTrace(fault.getStackTrace());
    }
}
