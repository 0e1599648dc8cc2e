/**
 * JMH benchmarks of guest linear memory: Wabric's flat memory against a plain array and Chicory's paged memory.
 */
package io.wabric.benchmarks.memory;
