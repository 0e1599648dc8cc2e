/**
 * JMH benchmarks of the in-JVM MPI paths: point-to-point messages and the reduction operators, each against a plain
 * Java baseline in the same class.
 */
package io.wabric.benchmarks.mpi;
