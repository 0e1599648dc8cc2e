;; A valid module that is not a WASI command (no _start export): `wabric run` reports bad input, not a trap.
(module
  (memory (export "memory") 1)
  (func (export "compute") (result i32)
    i32.const 42))
