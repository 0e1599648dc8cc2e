package io.wabric.core.host;

import io.wabric.core.engine.HostFunctionDef;
import io.wabric.core.faaslet.FaasletContext;

import java.util.List;

/**
 * A feature's set of host functions (Faasm's serverless calls, MPI, OpenMP ...), found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>The names a module {@link #provides()} are the single source of truth for what Wabric implements:
 * {@code wabric cc} links with exactly these as the allowed undefined symbols, so a guest calling something Wabric
 * lacks fails at link time, and a module importing one of them outside its feature's launcher gets a message
 * naming the feature.
 */
public interface HostModule
{
    /**
     * @return the feature's short name, e.g. {@code "faasm"}, {@code "mpi"}, {@code "openmp"}.
     */
    String feature();

    /**
     * @return how a user enables this feature, e.g. {@code "run it with `wabric mpirun`"}; used in messages about
     *         a module that imports this feature's functions where the feature is not bound.
     */
    String howToEnable();

    /**
     * @return the {@code env} function names this feature provides, the same set {@link #bind} returns.
     */
    List<String> provides();

    /**
     * The host functions for one Faaslet.
     *
     * @param context the Faaslet the functions serve.
     * @return one definition per name in {@link #provides()}.
     */
    List<HostFunctionDef> bind(FaasletContext context);
}
