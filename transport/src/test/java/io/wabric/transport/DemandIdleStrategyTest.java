package io.wabric.transport;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class DemandIdleStrategyTest
{
    @Test
    void shouldYieldInsteadOfBackingOffWhileSomebodyWaits()
    {
        final Counting cold = new Counting();
        final boolean[] hot = {true};
        final DemandIdleStrategy strategy = new DemandIdleStrategy(cold, () -> hot[0]);

        strategy.idle(0);
        strategy.idle();
        assertEquals(0, cold.idles, "hot: the cold strategy is never asked to idle");
        assertEquals(2, cold.resets, "hot: its backoff starts over for when demand ends");

        hot[0] = false;
        strategy.idle(0);
        strategy.idle();
        assertEquals(2, cold.idles, "cold: backs off");

        strategy.idle(3);
        assertEquals(2, cold.idles, "work done: no idling");
        assertEquals(3, cold.resets);
    }

    private static final class Counting implements IdleStrategy
    {
        int idles;
        int resets;

        @Override
        public void idle(final int workCount)
        {
            idles++;
        }

        @Override
        public void idle()
        {
            idles++;
        }

        @Override
        public void reset()
        {
            resets++;
        }
    }
}
