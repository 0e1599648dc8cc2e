/**
 * The {@code wabric} command line: {@code cc}/{@code c++} wrap clang for guests, {@code run} runs a module.
 */
package io.wabric.cli;
