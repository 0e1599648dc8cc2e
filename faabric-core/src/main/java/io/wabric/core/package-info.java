/**
 * Wabric's Faaslet runtime: the engine boundary, linear memory, the Faaslet life cycle and the host interfaces
 * (WASI, Faasm's serverless calls) every guest gets.
 */
package io.wabric.core;
