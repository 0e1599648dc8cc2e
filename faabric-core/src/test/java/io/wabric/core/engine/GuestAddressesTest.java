package io.wabric.core.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class GuestAddressesTest
{
    @Test
    void shouldAddBaseAndOffsetBelowTwoGibibytes()
    {
        assertEquals(0, GuestAddresses.effective(0, 0));
        assertEquals(65540, GuestAddresses.effective(65536, 4));
        assertEquals(Integer.MAX_VALUE, GuestAddresses.effective(Integer.MAX_VALUE - 16, 16));
    }

    @Test
    void shouldGiveANegativeIndexForAddressesOfTwoGibibytesOrMore()
    {
        assertTrue(GuestAddresses.effective(-8, 16) < 0, "2^32 - 8 + 16 must not wrap to 8");
        assertTrue(GuestAddresses.effective(-1, 0) < 0, "offset 0: the base itself");
        assertTrue(GuestAddresses.effective(Integer.MIN_VALUE, 1) < 0);
        assertTrue(GuestAddresses.effective(Integer.MAX_VALUE, 1) < 0, "a sum past 2^31 - 1");
        assertTrue(GuestAddresses.effective(0x100, 0x7ffffff0) < 0);
    }
}
