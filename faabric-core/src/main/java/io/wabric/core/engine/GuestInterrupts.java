package io.wabric.core.engine;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.SwitchPoint;

/**
 * How a guest thread is asked to stop (a time-out, a trap in another thread or rank, a job tear-down), and the poll
 * compiled guest code makes at every loop back-edge and indirect call to notice it.
 *
 * <p>Why not just {@link Thread#isInterrupted()}, which is what Chicory's generated code calls: that is a volatile
 * read, and a volatile read at every loop back-edge stops the JIT from keeping anything in registers across it (the
 * memory's array, its length for the bounds checks), which cost a fifth of the time of matrix-multiply and stencil
 * loops. {@link #poll()} reads the interrupt status only once some guest thread of this JVM has been asked to stop,
 * and "has any been asked" is a {@link SwitchPoint}: while it holds, the JIT compiles the test to nothing, and when
 * {@link #interrupt(Thread)} invalidates it the JVM deoptimises every method compiled under it, including loops
 * running at that moment, which go on in the bytecode interpreter and then in recompiled code that does read the
 * status. So a thread stops at its next back-edge however its loop is written (an empty {@code while (1);} too).
 *
 * <p>The cost is paid once per JVM, by the first stop request: every compiled guest method is deoptimised and
 * recompiled, and from then on polls cost what Chicory's did. Stop requests end jobs, so that is rare.
 */
public final class GuestInterrupts
{
    /** Valid until the first stop request in this JVM. */
    private static final SwitchPoint NONE_REQUESTED = new SwitchPoint();
    /** {@code () -> boolean}: false while {@link #NONE_REQUESTED} holds, true after. */
    private static final MethodHandle ANY_REQUESTED = NONE_REQUESTED.guardWithTest(
        MethodHandles.constant(boolean.class, false), MethodHandles.constant(boolean.class, true));

    /** Internal name of this class, for code that rewrites generated classes to call {@link #poll()}. */
    static final String INTERNAL_NAME = "io/wabric/core/engine/GuestInterrupts";

    /** Name of {@link #poll()}. */
    static final String POLL_NAME = "poll";

    private GuestInterrupts()
    {
    }

    /**
     * Asks a thread running guest code to stop: it throws out of guest code at its next poll or blocking host call.
     * Every stop request for a guest thread must come through here, or compiled loops may not notice it.
     *
     * @param thread the guest thread.
     */
    public static void interrupt(final Thread thread)
    {
        thread.interrupt();
        if (!NONE_REQUESTED.hasBeenInvalidated())
        {
            SwitchPoint.invalidateAll(new SwitchPoint[]{ NONE_REQUESTED });
        }
    }

    /**
     * Called by compiled guest code at loop back-edges and indirect calls.
     *
     * @throws ChicoryInterruptedException when the calling thread was asked to stop.
     */
    public static void poll()
    {
        if (anyRequested() && Thread.currentThread().isInterrupted())
        {
            throw new ChicoryInterruptedException("Thread interrupted");
        }
    }

    private static boolean anyRequested()
    {
        try
        {
            return (boolean)ANY_REQUESTED.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
