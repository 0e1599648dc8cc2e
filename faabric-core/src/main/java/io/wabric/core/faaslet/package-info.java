/**
 * The Faaslet: one guest instance with its WASI environment, host features, limits and a thread of its own,
 * run to an {@link io.wabric.core.faaslet.Outcome}.
 */
package io.wabric.core.faaslet;
