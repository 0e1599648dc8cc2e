/*
 * OpenMP kernels for time ratio and speed-up: matmul (double, N=384), a 5-point stencil (1024^2, 50 sweeps) and a
 * blocked transpose (2048^2, 10 times). Prints "<kernel> <best seconds of 5>" and a checksum line.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#define MN 384
#define SN 1024
#define TN 2048

static double best(double (*kernel)(double *), double *check)
{
    double fastest = 1e30;
    for (int rep = 0; rep < 5; rep++)
    {
        const double t = kernel(check);
        fastest = t < fastest ? t : fastest;
    }
    return fastest;
}

static double matmul(double *check)
{
    static double a[MN * MN], b[MN * MN], c[MN * MN];
    for (int i = 0; i < MN * MN; i++) { a[i] = (i % 7) * 0.5; b[i] = (i % 5) * 0.25; c[i] = 0; }
    const double start = omp_get_wtime();
#pragma omp parallel for schedule(static)
    for (int i = 0; i < MN; i++)
        for (int k = 0; k < MN; k++)
        {
            const double aik = a[i * MN + k];
            for (int j = 0; j < MN; j++) c[i * MN + j] += aik * b[k * MN + j];
        }
    const double t = omp_get_wtime() - start;
    *check += c[MN * MN / 2 + 3];
    return t;
}

static double stencil(double *check)
{
    double *u = calloc(SN * SN, sizeof(double)), *v = calloc(SN * SN, sizeof(double));
    for (int i = 0; i < SN; i++) u[i] = v[i] = 1.0;
    const double start = omp_get_wtime();
    for (int sweep = 0; sweep < 50; sweep++)
    {
#pragma omp parallel for schedule(static)
        for (int i = 1; i < SN - 1; i++)
            for (int j = 1; j < SN - 1; j++)
                v[i * SN + j] = 0.25 * (u[(i - 1) * SN + j] + u[(i + 1) * SN + j] + u[i * SN + j - 1] + u[i * SN + j + 1]);
        double *w = u; u = v; v = w;
    }
    const double t = omp_get_wtime() - start;
    *check += u[3 * SN + 5];
    free(u);
    free(v);
    return t;
}

static double transpose(double *check)
{
    double *a = malloc(sizeof(double) * TN * TN), *b = malloc(sizeof(double) * TN * TN);
    for (int i = 0; i < TN * TN; i++) a[i] = i % 1000;
    const double start = omp_get_wtime();
    for (int rep = 0; rep < 10; rep++)
    {
#pragma omp parallel for schedule(static) collapse(2)
        for (int ib = 0; ib < TN; ib += 32)
            for (int jb = 0; jb < TN; jb += 32)
                for (int i = ib; i < ib + 32; i++)
                    for (int j = jb; j < jb + 32; j++) b[j * TN + i] = a[i * TN + j] + rep;
    }
    const double t = omp_get_wtime() - start;
    *check += b[5 * TN + 7];
    free(a);
    free(b);
    return t;
}

int main(void)
{
    double check = 0;
    printf("matmul %.4f\n", best(matmul, &check));
    printf("stencil %.4f\n", best(stencil, &check));
    printf("transpose %.4f\n", best(transpose, &check));
    fprintf(stderr, "checksum %.3f\n", check);
    return 0;
}
