/* Integer kernel: total Collatz steps for every start value 1..N (64-bit integer arithmetic and branches). */
#include "kernel.h"

int main(int argc, char** argv)
{
    long n;
    int reps;
    kernel_args(argc, argv, "collatz", &n, &reps);
    uint64_t total = 0;
    for (int rep = 0; rep < reps; rep++)
    {
        const long m = kernel_opaque(n);
        const int64_t start = kernel_now_ns();
        uint64_t steps = 0;
        for (long i = 1; i <= m; i++)
        {
            uint64_t x = (uint64_t)i;
            while (x != 1)
            {
                x = (x & 1) ? 3 * x + 1 : x >> 1;
                steps++;
            }
        }
        kernel_report_rep(rep, kernel_now_ns() - start);
        total += steps;
    }
    printf("checksum %llu\n", (unsigned long long)total);
    return 0;
}
