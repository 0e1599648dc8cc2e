/* Writes numbered lines until the reader goes away (`prog | head -2`): natively SIGPIPE ends it with status 141;
 * on Wabric the broken pipe must end it the same way instead of letting it run on. Stops by itself after 10^8
 * lines, so a runtime that ignores the broken pipe fails the test by time or status, not by hanging. */
#include <stdio.h>

int main(void)
{
    for (long line = 0; line < 100000000L; line++)
    {
        printf("line %ld\n", line);
    }
    return 0;
}
