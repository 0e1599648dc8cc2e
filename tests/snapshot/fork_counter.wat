;; A small guest for snapshot/fork/merge tests (assembled with wat2wasm at test time).
;; init: fills a table of squares, sets the counter global, declares a sum region with __faasm_sm_reduce.
;; work(n): adds n to the sum region, writes n into its own slot, bumps the counter global.
(module
  (import "env" "__faasm_sm_reduce" (func $reduce (param i32 i32 i32 i32)))
  (memory (export "memory") 2 16)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (data (i32.const 1024) "hello")
  (func (export "init")
    (local $i i32)
    (loop $fill
      (i32.store
        (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 2)))
        (i32.mul (local.get $i) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (i32.const 1000))))
    (i64.store (i32.const 2048) (i64.const 100))
    (global.set $counter (i32.const 1000))
    ;; FAASM_TYPE_LONG = 2, FAASM_OP_SUM = 1
    (call $reduce (i32.const 2048) (i32.const 2) (i32.const 1) (i32.const 1)))
  (func (export "work") (param $n i32)
    (i64.store (i32.const 2048)
      (i64.add (i64.load (i32.const 2048)) (i64.extend_i32_u (local.get $n))))
    (i32.store (i32.add (i32.const 65536) (i32.shl (local.get $n) (i32.const 2))) (local.get $n))
    (global.set $counter (i32.add (global.get $counter) (local.get $n))))
  (func (export "square") (param $i i32) (result i32)
    (i32.load (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 2)))))
  (func (export "counter_value") (result i32)
    (global.get $counter)))
