;; Exports `wabric snapshot create --init` must refuse before calling: a function that takes a parameter and a
;; memory. `init` is a proper init function, for contrast.
(module
  (memory (export "memory") 1)
  (func (export "init"))
  (func (export "init_args") (param i32) (result i32)
    local.get 0)
  (func (export "_start")))
