;; A command module whose WASI import has the wrong signature (proc_exit takes an i32): refused at link,
;; naming the import and both types.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i64)))
  (memory (export "memory") 1)
  (func (export "_start")
    i64.const 0
    call $exit))
