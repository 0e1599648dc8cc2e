/* Differential test of faults: argv[1] picks one; each lives in its own noinline function so a backtrace can
 * name it. Natively each dies of a signal; under Wabric each is a trap (exit 134, one line with the reason and a
 * Wasm backtrace). Before faulting the program prints to stdout and stderr and flushes both, so the test can check
 * that what was printed stays printed and comes before Wabric's trap message.
 *   oob | trap | abort | div0 | recurse */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile int sink;

__attribute__((noinline)) void write_far_out_of_bounds(void)
{
    /* Far beyond any Wasm memory (at most 4 GiB) and unmapped in a native process. */
    volatile char* far = (volatile char*)(unsigned long)0xfffffff0u;
    *far = 42;
}

__attribute__((noinline)) void hit_builtin_trap(void)
{
    __builtin_trap();
}

__attribute__((noinline)) void call_abort(void)
{
    abort();
}

__attribute__((noinline)) int divide_by(int divisor)
{
    volatile int dividend = 1000;
    return dividend / divisor;
}

static int recurse_forever(int depth);
/* Called through a volatile pointer so neither compiler turns the recursion into a loop. */
static int (*volatile recurse_pointer)(int) = recurse_forever;

__attribute__((noinline)) static int recurse_forever(int depth)
{
    sink = depth;
    return recurse_pointer(depth + 1) + 1;
}

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        fprintf(stderr, "usage: traps oob|trap|abort|div0|recurse\n");
        return 64;
    }
    const char* mode = argv[1];
    printf("before %s\n", mode);
    fflush(stdout);
    fprintf(stderr, "guest stderr before %s\n", mode);
    fflush(stderr);
    if (strcmp(mode, "oob") == 0)
    {
        write_far_out_of_bounds();
    }
    else if (strcmp(mode, "trap") == 0)
    {
        hit_builtin_trap();
    }
    else if (strcmp(mode, "abort") == 0)
    {
        call_abort();
    }
    else if (strcmp(mode, "div0") == 0)
    {
        sink = divide_by(argc - 2);
    }
    else if (strcmp(mode, "recurse") == 0)
    {
        sink = recurse_forever(0);
    }
    printf("after %s: not reached\n", mode);
    return 0;
}
