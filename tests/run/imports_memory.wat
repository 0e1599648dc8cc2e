;; A module that imports its memory (wasm-ld --import-memory): Wabric provides only functions, and says so by name.
(module
  (import "env" "memory" (memory 1))
  (func (export "_start")))
