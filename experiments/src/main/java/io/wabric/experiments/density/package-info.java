/**
 * Instance density: how many idle Faaslets of a small function fit in a 1 GiB heap.
 */
package io.wabric.experiments.density;
