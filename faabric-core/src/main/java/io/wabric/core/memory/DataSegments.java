package io.wabric.core.memory;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;

/**
 * Writes a module's active data segments into a fresh linear memory, the part of instantiation every Wabric memory
 * ({@link FlatMemory}, snapshot-diff's copy-on-write memory) does the same way: each segment for memory 0 is
 * written at its evaluated offset, and one that does not fit fails instantiation naming its size and offset.
 */
public final class DataSegments
{
    private DataSegments()
    {
    }

    /**
     * @param instance  the instance being created (offsets may read its globals).
     * @param segments  the module's data segments, or {@code null} for none.
     * @param memory    the memory to write into.
     * @param sizeBytes the memory's current size.
     * @throws UninstantiableException when a segment lies outside the memory.
     */
    public static void writeActive(final Instance instance, final DataSegment[] segments, final Memory memory,
        final long sizeBytes)
    {
        if (segments == null)
        {
            return;
        }
        for (final DataSegment segment : segments)
        {
            if (!(segment instanceof ActiveDataSegment) || ((ActiveDataSegment)segment).index() != 0)
            {
                continue;
            }
            final ActiveDataSegment active = (ActiveDataSegment)segment;
            final int offset = (int)ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
            final byte[] data = active.data();
            if (offset < 0 || (long)offset + data.length > sizeBytes)
            {
                throw new UninstantiableException("out of bounds memory access: data segment of " + data.length +
                    " bytes at " + Integer.toUnsignedString(offset) + " exceeds memory of " + sizeBytes + " bytes");
            }
            memory.write(offset, data, 0, data.length);
        }
    }
}
