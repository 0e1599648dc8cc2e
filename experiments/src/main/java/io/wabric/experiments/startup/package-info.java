/**
 * Start-up experiments: how long a guest takes from process start to exit, cold and with the compile cache.
 */
package io.wabric.experiments.startup;
