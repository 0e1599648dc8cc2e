/* Integer kernel: total Collatz steps for every start value 1..N (64-bit integer arithmetic and branches). */
#include "kernel.h"

int main(int argc, char** argv)
{
    long n;
    kernel_reps reps;
    kernel_args(argc, argv, "collatz", &n, &reps);
    /* the most steps any repetition counted: every repetition counts the same, and each one's count is used */
    uint64_t total = 0;
    while (kernel_next_rep(&reps))
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
        kernel_report_rep(&reps, kernel_now_ns() - start);
        total = steps > total ? steps : total;
    }
    printf("checksum %llu\n", (unsigned long long)total);
    return 0;
}
