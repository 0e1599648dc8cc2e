package io.wabric.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.function.BooleanSupplier;

/**
 * An idle strategy that stays hot while a thread of this process waits on the transport, and backs off while none
 * does. Used, under the default backoff strategy, by the UDP media driver and by the transport's receiver thread.
 *
 * <p>Over UDP every message crosses the driver's sender agent on one host and its receiver agent on the other.
 * Under a plain backoff strategy both park for up to a millisecond once idle, which made an 8-byte round trip cost
 * some 160 us. Yet the time when latency matters is known: a rank blocked in MPI polls the transport, and a send
 * blocked by back pressure retries; each marks a demand clock. While it was marked within the last
 * {@link #HOT_WINDOW_NS}, an idle thread yields its core instead of parking, so the datagram that answers the rank
 * is sent or read at once; the rest of the time (ranks computing, or an idle job) it backs off and costs next to no
 * CPU. MPI libraries behave alike: their progress engine runs hot only inside MPI calls.
 *
 * <p>A waiting rank that gives up its core parks for 200 us at a time and stops polling meanwhile; it says so
 * ({@link TransportNode#waiterParks()}), and the receiver thread, hot for the window, hands it what arrives and
 * wakes it. Without that, two ranks that both parked answered each other only when a park ran out (about 100 us a
 * message), and once there they stayed there.
 */
public final class DemandIdleStrategy implements IdleStrategy
{
    /** How long after the last sign of demand a thread stays hot: longer than a parked rank's 200 us park. */
    public static final long HOT_WINDOW_NS = 500_000;

    private final IdleStrategy cold;
    private final BooleanSupplier hot;

    /**
     * @param cold the strategy while nobody waits (backoff).
     * @param hot  whether a thread waits on the transport now (demand within {@link #HOT_WINDOW_NS}).
     */
    public DemandIdleStrategy(final IdleStrategy cold, final BooleanSupplier hot)
    {
        this.cold = cold;
        this.hot = hot;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            cold.reset();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (hot.getAsBoolean())
        {
            cold.reset();
            Thread.yield();
        }
        else
        {
            cold.idle();
        }
    }

    @Override
    public void reset()
    {
        cold.reset();
    }

    @Override
    public String alias()
    {
        return "demand-" + cold.alias();
    }
}
