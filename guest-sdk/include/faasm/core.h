/*
 * Faasm-compatible serverless host interface for Wabric guests.
 * Part of the guest ABI: the host side is io.wabric.core.faasm.FaasmHostModule.
 *
 * Same names as Faasm's faasm/core.h, so Faasm functions port by recompiling with `wabric cc`.
 */
#ifndef FAASM_CORE_H
#define FAASM_CORE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Copies up to bufferLen bytes of the call's input into buffer and returns how many were copied;
 * with bufferLen 0, returns the input's size without copying. */
int __faasm_read_input(unsigned char* buffer, int bufferLen);

/* Appends outputLen bytes to the call's output (printed, or written to `wabric run --output FILE`). */
void __faasm_write_output(const unsigned char* output, int outputLen);

/* Shared-memory reductions (host side: io.wabric.snapshot.host.SharedMemoryHostModule).
 * Declares that forks of this Faaslet combine their changes to the variable at `var` with `op` instead of
 * overwriting it; currentBatch 1 = for the forks running now, 0 = for the next batch of forks. */
#define FAASM_TYPE_INT 1
#define FAASM_TYPE_LONG 2
#define FAASM_TYPE_FLOAT 3
#define FAASM_TYPE_DOUBLE 4
#define FAASM_OP_OVERWRITE 0
#define FAASM_OP_SUM 1
#define FAASM_OP_SUBTRACT 2
#define FAASM_OP_PRODUCT 3
#define FAASM_OP_MAX 4
#define FAASM_OP_MIN 5
#define FAASM_OP_IGNORE 6
void __faasm_sm_reduce(void* var, int varType, int reduceOp, int currentBatch);
#define FAASM_REDUCE(var, type, op) __faasm_sm_reduce((void*)&(var), (type), (op), 1)

/* Faasm's convenience names. */
static inline int faasmGetInputSize(void) { return __faasm_read_input((unsigned char*)0, 0); }
static inline int faasmGetInput(unsigned char* buffer, int bufferLen) { return __faasm_read_input(buffer, bufferLen); }
static inline void faasmSetOutput(const unsigned char* output, int outputLen) { __faasm_write_output(output, outputLen); }

#ifdef __cplusplus
}
#endif

#endif
