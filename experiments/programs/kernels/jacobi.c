/* 5-point Jacobi stencil on an N x N grid with fixed boundaries: 10 sweeps per repetition. */
#include "kernel.h"
#include "stencil_grid.h"

#define SWEEPS_PER_REP 10

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "jacobi", &n, &reps);
    double* u = kernel_alloc(sizeof(double) * n * n);
    double* v = kernel_alloc(sizeof(double) * n * n);
    while (kernel_next_rep(&reps))
    {
        /* every repetition starts from the same grid (kernel.h: warm-up) */
        stencil_grid_init(u, v, n);
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
        for (int sweep = 0; sweep < SWEEPS_PER_REP; sweep++)
        {
            for (long i = 1; i < m - 1; i++)
            {
                for (long j = 1; j < m - 1; j++)
                {
                    v[i * m + j] = 0.25 * (u[(i - 1) * m + j] + u[(i + 1) * m + j] + u[i * m + j - 1] + u[i * m + j + 1]);
                }
            }
            double* t = u;
            u = v;
            v = t;
        }
        kernel_report_rep(&reps, kernel_now_ns() - start);
    }
    double sum = 0.0;
    for (long i = 0; i < n * n; i++)
    {
        sum += u[i] * (double)(i % 5 + 1);
    }
    printf("checksum %.17g\n", sum);
    return 0;
}
