package io.wabric.core.faaslet;

import com.dylibso.chicory.runtime.Memory;
import io.wabric.core.engine.Guest;

/**
 * Makes more instances of a running Faaslet's module that share its linear memory, WASI environment and host
 * functions: the instances an OpenMP team's threads run in. Each has its own globals (so its own
 * {@code __stack_pointer}) and must be used by one thread at a time.
 *
 * <p>A {@link Faaslet} attaches one to its {@link FaasletContext}; host modules find it there.
 */
public interface GuestSiblings
{
    /**
     * @return a new instance over the Faaslet's memory; its data segments are not written again.
     */
    Guest instantiate();

    /**
     * A new instance over a memory of its own, e.g. a private copy of the Faaslet's memory (OpenMP fork mode),
     * sharing the WASI environment and host functions. The instance initialises its memory as usual, so pass a
     * memory that keeps its contents through initialisation (a {@code CowMemory} or {@code TrackedMemory} fork
     * does).
     *
     * @param memory the instance's memory.
     * @return the instance.
     */
    Guest instantiate(Memory memory);
}
