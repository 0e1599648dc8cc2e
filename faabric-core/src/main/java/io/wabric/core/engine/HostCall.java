package io.wabric.core.engine;

/**
 * The body of a host function: called on the guest's own thread with the guest's arguments.
 *
 * <p>Arguments and results are raw Wasm values in {@code long}s (floats as their bits). Return {@code null} for a
 * function without results. Guest errors are returned as codes the guest understands (errno, MPI error class);
 * throw only for faults that must end the guest.
 */
@FunctionalInterface
public interface HostCall
{
    /**
     * @param guest the calling instance, for memory and table access.
     * @param args  the arguments, one per parameter.
     * @return the results, or {@code null} when the function has none.
     */
    long[] call(Guest guest, long[] args);
}
