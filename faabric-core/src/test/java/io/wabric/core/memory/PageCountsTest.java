package io.wabric.core.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class PageCountsTest
{
    @Test
    void shouldStateSizesExactlySoTwoCountsNeverReadAlike()
    {
        assertEquals("16 pages (1 MiB)", PageCounts.describe(16));
        assertEquals("17 pages (1088 KiB)", PageCounts.describe(17));
        assertEquals("1 page (64 KiB)", PageCounts.describe(1));
        assertEquals("0 pages (0 KiB)", PageCounts.describe(0));
        assertEquals("65536 pages (4 GiB)", PageCounts.describe(65536));
        assertEquals("1000 bytes", PageCounts.size(1000));
    }
}
