/*
 * Sparse matrix-vector multiply y = A x in CSR form, N rows with 16 non-zeros each (8 in a band around the diagonal,
 * 8 scattered), generated deterministically with a linear congruential generator: 4 products per repetition.
 */
#include "kernel.h"

#define NNZ_PER_ROW 16
#define BAND 64
#define PRODUCTS_PER_REP 4

static uint64_t lcg_state = 88172645463325252ULL;

static uint32_t lcg_next(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "spmv", &n, &reps);
    const long nnz = n * NNZ_PER_ROW;
    int32_t* rowStart = kernel_alloc(sizeof(int32_t) * (n + 1));
    int32_t* column = kernel_alloc(sizeof(int32_t) * nnz);
    double* value = kernel_alloc(sizeof(double) * nnz);
    double* x = kernel_alloc(sizeof(double) * n);
    double* y = kernel_alloc(sizeof(double) * n);
    for (long row = 0; row < n; row++)
    {
        rowStart[row] = (int32_t)(row * NNZ_PER_ROW);
        for (int k = 0; k < NNZ_PER_ROW; k++)
        {
            long col = k < NNZ_PER_ROW / 2 ?
                (row + (long)(lcg_next() % (2 * BAND + 1)) - BAND + n) % n :
                (long)(lcg_next() % (uint32_t)n);
            column[row * NNZ_PER_ROW + k] = (int32_t)col;
            value[row * NNZ_PER_ROW + k] = 1.0 / (double)(1 + k + (row % 7));
        }
        x[row] = 1.0 + (double)(row % 10) / 10.0;
    }
    rowStart[n] = (int32_t)nnz;
    while (kernel_next_rep(&reps))
    {
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
        for (int product = 0; product < PRODUCTS_PER_REP; product++)
        {
            for (long row = 0; row < m; row++)
            {
                double sum = 0.0;
                for (int32_t k = rowStart[row]; k < rowStart[row + 1]; k++)
                {
                    sum += value[k] * x[column[k]];
                }
                y[row] = sum;
            }
        }
        kernel_report_rep(&reps, kernel_now_ns() - start);
    }
    double sum = 0.0;
    for (long i = 0; i < n; i++)
    {
        sum += y[i] * (double)(i % 3 + 1);
    }
    printf("checksum %.17g\n", sum);
    return 0;
}
