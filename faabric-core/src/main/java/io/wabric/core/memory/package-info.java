/**
 * Wasm linear memory implementations. {@link io.wabric.core.memory.FlatMemory} is the default: one
 * {@code byte[]} with little-endian VarHandle views. Every implementation passes the contract suite in
 * {@code MemoryContractTest}.
 */
package io.wabric.core.memory;
