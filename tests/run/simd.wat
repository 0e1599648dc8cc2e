;; A command that uses one Wasm SIMD instruction (v128.const): Chicory's compiler has no v128 instructions, so
;; `wabric run` must refuse it in one line that says so, naming the instruction.
(module
  (func (export "_start")
    v128.const i32x4 1 2 3 4
    drop))
