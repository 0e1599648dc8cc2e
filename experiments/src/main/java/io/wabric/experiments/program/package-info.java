/**
 * Building and running experiment programs: {@link io.wabric.experiments.program.NativeBuild} (gcc) and
 * {@link io.wabric.experiments.program.WabricBuild} ({@code wabric cc}/{@code wabric run}) behind one
 * {@link io.wabric.experiments.program.ProgramBuild} interface, and a timing
 * {@link io.wabric.experiments.program.ProcessRunner}.
 */
package io.wabric.experiments.program;
