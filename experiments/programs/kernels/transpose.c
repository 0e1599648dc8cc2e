/* Matrix transpose as in the Parallel Research Kernels: B += A^T; A += 1, N x N doubles, 32 x 32 tiles. */
#include "kernel.h"

#define TILE 32

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "transpose", &n, &reps);
    double* a = kernel_alloc(sizeof(double) * n * n);
    double* b = kernel_alloc(sizeof(double) * n * n);
    while (kernel_next_rep(&reps))
    {
        /* every repetition starts from the same matrices (kernel.h: warm-up) */
        for (long i = 0; i < n * n; i++)
        {
            a[i] = (double)i;
            b[i] = 0.0;
        }
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
        for (long it = 0; it < m; it += TILE)
        {
            for (long jt = 0; jt < m; jt += TILE)
            {
                const long iEnd = it + TILE < m ? it + TILE : m;
                const long jEnd = jt + TILE < m ? jt + TILE : m;
                for (long i = it; i < iEnd; i++)
                {
                    for (long j = jt; j < jEnd; j++)
                    {
                        b[j * m + i] += a[i * m + j];
                        a[i * m + j] += 1.0;
                    }
                }
            }
        }
        kernel_report_rep(&reps, kernel_now_ns() - start);
    }
    double sum = 0.0;
    for (long i = 0; i < n * n; i++)
    {
        sum += b[i] * (double)(i % 3 + 1);
    }
    printf("checksum %.17g\n", sum);
    return 0;
}
