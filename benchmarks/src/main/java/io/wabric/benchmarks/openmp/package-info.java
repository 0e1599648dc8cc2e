/**
 * JMH benchmarks of the OpenMP runtime's fork/join, barrier and reduction paths on a real OpenMP guest, each
 * against a baseline in the same class.
 */
package io.wabric.benchmarks.openmp;
