/* a Jacobi heat solver: many parallel regions, a convergence reduction, malloc'd grids */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define N 128

int main(void)
{
    double *u = malloc(sizeof(double) * N * N);
    double *next = malloc(sizeof(double) * N * N);
    for (int i = 0; i < N * N; i++) u[i] = next[i] = 0.0;
    for (int i = 0; i < N; i++) u[i] = next[i] = 100.0;
    int iter;
    double diff = 0.0;
    for (iter = 0; iter < 2000; iter++)
    {
        diff = 0.0;
#pragma omp parallel for reduction(max:diff) schedule(static)
        for (int i = 1; i < N - 1; i++)
        {
            for (int j = 1; j < N - 1; j++)
            {
                const double v = 0.25 * (u[(i - 1) * N + j] + u[(i + 1) * N + j] + u[i * N + j - 1] + u[i * N + j + 1]);
                const double d = fabs(v - u[i * N + j]);
                next[i * N + j] = v;
                diff = d > diff ? d : diff;
            }
        }
        double *swap = u;
        u = next;
        next = swap;
        if (diff < 1e-3) break;
    }
    double total = 0.0;
#pragma omp parallel for reduction(+:total)
    for (int i = 0; i < N * N; i++) total += u[i];
    printf("iterations %d diff %.6e total %.6f centre %.6f\n", iter, diff, total, u[(N / 2) * N + N / 2]);
    free(u);
    free(next);
    return 0;
}
