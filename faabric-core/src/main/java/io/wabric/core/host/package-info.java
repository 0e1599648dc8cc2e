/**
 * The host-function SPI: each feature (Faasm's serverless calls, MPI, OpenMP) is a
 * {@link io.wabric.core.host.HostModule} found on the class path.
 */
package io.wabric.core.host;
