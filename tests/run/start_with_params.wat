;; A _start that takes a parameter: `wabric run` cannot call it with none, and says so as bad input, not a trap.
(module
  (memory (export "memory") 1)
  (func (export "_start") (param i32)))
