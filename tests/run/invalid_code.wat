;; Well-formed binary, invalid code (adds an i64 to an i32): assembled with `wat2wasm --no-check`, it must fail
;; validation with one line naming the reason.
(module
  (func (export "_start")
    i32.const 1
    i64.const 2
    i32.add
    drop))
