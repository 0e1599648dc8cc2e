;; A command module importing MPI_Init, as an MPI program built with `wabric cc` does: run with plain
;; `wabric run`, the message must name the import and, once an MPI host module exists, the mpi feature.
(module
  (import "env" "MPI_Init" (func $mpi_init (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    i32.const 0
    i32.const 0
    call $mpi_init
    drop))
