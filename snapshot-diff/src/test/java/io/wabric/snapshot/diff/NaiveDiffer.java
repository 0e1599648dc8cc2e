package io.wabric.snapshot.diff;

import io.wabric.snapshot.memory.PageSource;
import io.wabric.snapshot.wire.DiffEncoder;

/**
 * The reference differ: byte by byte over the whole memory, one run per maximal stretch of changed bytes.
 */
final class NaiveDiffer
{
    int diff(final PageSource base, final PageSource current, final DiffEncoder encoder)
    {
        encoder.begin(base.pageCount(), current.pageCount());
        final long size = (long)current.pageCount() * PageSource.PAGE_BYTES;
        final byte[] one = new byte[1];
        for (int address = 0; address < size; address++)
        {
            final byte after = byteAt(current, address);
            final byte before = address < (long)base.pageCount() * PageSource.PAGE_BYTES ? byteAt(base, address) : 0;
            if (after != before)
            {
                one[0] = after;
                encoder.run(address, one, 0, 1);
            }
        }
        return encoder.finish();
    }

    private static byte byteAt(final PageSource source, final int address)
    {
        final int pageIndex = address / PageSource.PAGE_BYTES;
        return source.pageArray(pageIndex)[source.pageOffset(pageIndex) + address % PageSource.PAGE_BYTES];
    }
}
