/**
 * Faasm's serverless host interface ({@code __faasm_*}): call input and output for now; chaining and state come
 * with the function registry.
 */
package io.wabric.core.faasm;
