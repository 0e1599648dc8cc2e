;; A command module importing a function nobody defines (what `clang --allow-undefined` lets through):
;; `wabric run` must refuse it before running, naming env.some_unknown_function, with exit status 2.
(module
  (import "env" "some_unknown_function" (func $unknown (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    i32.const 1
    call $unknown))
