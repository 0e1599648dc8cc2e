/*
 * A small compute kernel for the demo: 2-D heat diffusion (5-point Jacobi stencil) on an N x N plate.
 *
 *   bin/wabric cc -O2 examples/heat.c -o heat.wasm && bin/wabric run heat.wasm 512 200
 *
 * Prints the time per sweep and a checksum, so the native build (gcc -O2) and the Wasm build can be compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv)
{
    const int n = argc > 1 ? atoi(argv[1]) : 512;
    const int sweeps = argc > 2 ? atoi(argv[2]) : 200;
    if (n < 3 || sweeps < 1)
    {
        fprintf(stderr, "usage: heat [N >= 3] [SWEEPS >= 1]\n");
        return 2;
    }
    double* grid = calloc((size_t)n * n, sizeof(double));
    double* next = calloc((size_t)n * n, sizeof(double));
    if (grid == NULL || next == NULL)
    {
        fprintf(stderr, "heat: cannot allocate two %dx%d grids\n", n, n);
        return 1;
    }
    for (int i = 0; i < n; i++)
    {
        grid[i] = next[i] = 100.0; /* hot top edge */
    }

    const double start = now_seconds();
    for (int s = 0; s < sweeps; s++)
    {
        for (int i = 1; i < n - 1; i++)
        {
            for (int j = 1; j < n - 1; j++)
            {
                next[i * n + j] = 0.25 * (grid[(i - 1) * n + j] + grid[(i + 1) * n + j] +
                    grid[i * n + j - 1] + grid[i * n + j + 1]);
            }
        }
        double* swap = grid;
        grid = next;
        next = swap;
    }
    const double elapsed = now_seconds() - start;

    double checksum = 0.0;
    for (int i = 0; i < n * n; i++)
    {
        checksum += grid[i];
    }
    printf("heat: %dx%d plate, %d sweeps, %.3f ms/sweep, checksum %.6f\n",
        n, n, sweeps, elapsed * 1e3 / sweeps, checksum);
    free(grid);
    free(next);
    return 0;
}
