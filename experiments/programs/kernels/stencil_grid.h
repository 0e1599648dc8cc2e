/*
 * The starting grid of the Jacobi stencils (kernels/jacobi.c, openmp/omp_stencil.c): fixed boundaries (1.0 along
 * the first row, 0.25 along the others) around an interior of values in [0.5, 0.75). Both copies get the same
 * values, so a sweep from either one gives the same result.
 */
#ifndef WABRIC_STENCIL_GRID_H
#define WABRIC_STENCIL_GRID_H

static inline void stencil_grid_init(double* u, double* v, long n)
{
    for (long i = 0; i < n; i++)
    {
        for (long j = 0; j < n; j++)
        {
            const int boundary = i == 0 || j == 0 || i == n - 1 || j == n - 1;
            const double value = boundary ? (i == 0 ? 1.0 : 0.25) : 0.5 + (double)((i * 3 + j) % 11) / 44.0;
            u[i * n + j] = value;
            v[i * n + j] = value;
        }
    }
}

#endif
