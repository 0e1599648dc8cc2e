package io.wabric.snapshot.diff;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.wire.DiffDecoder;
import org.agrona.DirectBuffer;

/**
 * Applies a validated diff frame to a memory in the frame's base state: grows it to the target size, then writes
 * every run. Runs are copied straight out of an array-backed buffer; a direct buffer goes through one reused
 * scratch page, so applying allocates nothing in steady state. Not thread-safe: one per thread.
 */
public final class DiffApplier
{
    private final byte[] scratch = new byte[Memory.PAGE_SIZE];

    /**
     * @param diff   a decoder wrapped over the frame (so already validated); it is rewound first.
     * @param memory a memory of exactly the frame's base size, or already grown to its target size.
     * @return the number of bytes written.
     */
    public long apply(final DiffDecoder diff, final Memory memory)
    {
        final int basePages = diff.basePages();
        final int targetPages = diff.targetPages();
        final int pages = memory.pages();
        if (pages != basePages && pages != targetPages)
        {
            throw new SnapshotException("cannot apply a diff from " + basePages + " to " + targetPages +
                " pages to a memory of " + pages + " pages: apply it to a memory restored from the diff's base");
        }
        if (pages < targetPages && memory.grow(targetPages - pages) < 0)
        {
            throw new SnapshotException("cannot grow the memory from " + pages + " to " + targetPages +
                " pages to apply a diff: its maximum is " + memory.maximumPages() + " pages");
        }
        diff.rewind();
        final DirectBuffer buffer = diff.buffer();
        final byte[] array = buffer.byteArray();
        final int adjustment = buffer.wrapAdjustment();
        long written = 0;
        while (diff.nextRun())
        {
            final int offset = diff.runOffset();
            final int length = diff.runLength();
            final int index = diff.runDataIndex();
            if (array != null)
            {
                memory.write(offset, array, adjustment + index, length);
            }
            else
            {
                int done = 0;
                while (done < length)
                {
                    final int chunk = Math.min(scratch.length, length - done);
                    buffer.getBytes(index + done, scratch, 0, chunk);
                    memory.write(offset + done, scratch, 0, chunk);
                    done += chunk;
                }
            }
            written += length;
        }
        return written;
    }
}
