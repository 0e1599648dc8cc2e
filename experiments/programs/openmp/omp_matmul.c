/*
 * Dense matrix multiply with OpenMP: C = A * B for N x N doubles, i-k-j order, rows of C shared out statically.
 * Each element of C is computed by one thread in the serial order, so the checksum is the same for any team size.
 * Built with `gcc -fopenmp -O2` and `wabric cc -fopenmp -O2`; runs as `omp_matmul SIZE REPS [WARMUP_REPS
 * WARMUP_MS]` (kernel.h protocol).
 */
#include "../kernels/kernel.h"

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "omp_matmul", &n, &reps);
    double* a = kernel_alloc(sizeof(double) * n * n);
    double* b = kernel_alloc(sizeof(double) * n * n);
    double* c = kernel_alloc(sizeof(double) * n * n);
    for (long i = 0; i < n; i++)
    {
        for (long j = 0; j < n; j++)
        {
            a[i * n + j] = (double)((i * 7 + j * 3) % 17) / 17.0 - 0.5;
            b[i * n + j] = (double)((i * 5 + j * 11) % 13) / 13.0 - 0.25;
        }
    }
    while (kernel_next_rep(&reps))
    {
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < m; i++)
        {
            for (long j = 0; j < m; j++)
            {
                c[i * m + j] = 0.0;
            }
            for (long k = 0; k < m; k++)
            {
                const double aik = a[i * m + k];
                for (long j = 0; j < m; j++)
                {
                    c[i * m + j] += aik * b[k * m + j];
                }
            }
        }
        kernel_report_rep(&reps, kernel_now_ns() - start);
    }
    double sum = 0.0;
    for (long i = 0; i < n * n; i++)
    {
        sum += c[i] * (double)(i % 7 + 1);
    }
    printf("checksum %.17g\n", sum);
    return 0;
}
