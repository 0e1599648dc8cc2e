package io.wabric.cli;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.WabricException;

import java.util.Locale;

/**
 * Parses sizes such as {@code 64M}, {@code 1GiB} or {@code 1048576} into Wasm pages.
 */
final class SizeParser
{
    private static final long PAGE_BYTES = Memory.PAGE_SIZE;

    private SizeParser()
    {
    }

    /**
     * @param text   the size, or {@code null} for no cap.
     * @param option the option's name, for messages.
     * @return the cap in whole 64 KiB pages (rounded down), {@link Memory#RUNTIME_MAX_PAGES} when absent.
     */
    static int pages(final String text, final String option)
    {
        if (text == null)
        {
            return Memory.RUNTIME_MAX_PAGES;
        }
        final long bytes = bytes(text, option);
        final long pages = bytes / PAGE_BYTES;
        if (pages < 1 || pages > Memory.RUNTIME_MAX_PAGES)
        {
            throw new WabricException(option + " " + text + ": must be between 64K (one Wasm page) and " +
                (Memory.RUNTIME_MAX_PAGES * PAGE_BYTES >> 20) + "M");
        }
        if (bytes % PAGE_BYTES != 0)
        {
            // a linear memory grows by whole 64 KiB pages; silently taking 100K as 64K surprised users
            throw new WabricException(option + " " + text + ": is not a whole number of 64 KiB Wasm pages; give " +
                (pages * PAGE_BYTES >> 10) + "K or " + ((pages + 1) * PAGE_BYTES >> 10) + "K");
        }
        return (int)pages;
    }

    static long bytes(final String text, final String option)
    {
        final String upper = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long multiplier = 1;
        String digits = upper;
        if (!upper.isEmpty())
        {
            switch (upper.charAt(upper.length() - 1))
            {
                case 'K':
                    multiplier = 1L << 10;
                    break;
                case 'M':
                    multiplier = 1L << 20;
                    break;
                case 'G':
                    multiplier = 1L << 30;
                    break;
                default:
                    break;
            }
            if (multiplier != 1)
            {
                digits = upper.substring(0, upper.length() - 1);
            }
        }
        try
        {
            return Long.parseLong(digits.trim()) * multiplier;
        }
        catch (final NumberFormatException ex)
        {
            throw new WabricException(option + " " + text + ": not a size; use bytes or K, M, G suffixes (64M, 1G)");
        }
    }
}
