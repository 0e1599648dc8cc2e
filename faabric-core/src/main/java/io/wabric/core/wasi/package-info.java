/**
 * The WASI surface a guest gets: arguments, environment, standard streams, clocks, random and the host
 * directories mapped with {@code --dir}, confined so that no path (with {@code ..} or through a symlink) leaves
 * them.
 */
package io.wabric.core.wasi;
