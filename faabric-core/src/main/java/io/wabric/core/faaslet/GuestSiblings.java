package io.wabric.core.faaslet;

import io.wabric.core.engine.Guest;

/**
 * Makes more instances of a running Faaslet's module that share its linear memory, WASI environment and host
 * functions: the instances an OpenMP team's threads run in. Each has its own globals (so its own
 * {@code __stack_pointer}) and must be used by one thread at a time.
 *
 * <p>A {@link Faaslet} attaches one to its {@link FaasletContext}; host modules find it there.
 */
@FunctionalInterface
public interface GuestSiblings
{
    /**
     * @return a new instance over the Faaslet's memory; its data segments are not written again.
     */
    Guest instantiate();
}
