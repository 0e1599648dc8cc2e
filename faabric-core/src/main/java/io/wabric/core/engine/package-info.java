/**
 * The boundary to the Wasm engine (Chicory 1.7.5): loading and compiling modules with an on-disk cache of
 * compiled code, linking host functions and WASI, and the {@link io.wabric.core.engine.Guest} handle host code
 * uses. Only this package names engine types, so moving to Endive is a change here.
 */
package io.wabric.core.engine;
