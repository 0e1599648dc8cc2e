/* STREAM triad as in the Parallel Research Kernels' nstream: A += B + s * C over N doubles (memory bandwidth). */
#include "kernel.h"

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "nstream", &n, &reps);
    double* a = kernel_alloc(sizeof(double) * n);
    double* b = kernel_alloc(sizeof(double) * n);
    double* c = kernel_alloc(sizeof(double) * n);
    for (long i = 0; i < n; i++)
    {
        b[i] = 2.0;
        c[i] = 2.0 + (double)(i % 3);
    }
    const double scalar = 3.0;
    while (kernel_next_rep(&reps))
    {
        /* every repetition starts from the same A (kernel.h: warm-up) */
        for (long i = 0; i < n; i++)
        {
            a[i] = 1.0 + (double)(i % 5);
        }
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
        for (long i = 0; i < m; i++)
        {
            a[i] += b[i] + scalar * c[i];
        }
        kernel_report_rep(&reps, kernel_now_ns() - start);
    }
    double sum = 0.0;
    for (long i = 0; i < n; i++)
    {
        sum += a[i];
    }
    printf("checksum %.17g\n", sum);
    return 0;
}
