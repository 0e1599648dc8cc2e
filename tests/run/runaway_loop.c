/* Runs forever (for `wabric run --timeout`): prints one line, then spins in a loop with a back-edge. */
#include <stdio.h>

volatile unsigned long counter;

int main(void)
{
    printf("spinning\n");
    fflush(stdout);
    for (;;)
    {
        counter++;
    }
}
