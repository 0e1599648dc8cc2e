/*
 * What the guest is told about its standard streams: natively isatty() is true only on a terminal, and libc
 * line-buffers stdout only then. The test drivers run both builds with pipes, so both must print "0 0 0" (Wabric
 * once told every guest its streams were terminals, and so wrote stdout one line per host call).
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("isatty stdin %d stdout %d stderr %d\n", isatty(0), isatty(1), isatty(2));
    for (int i = 0; i < 20000; i++)
    {
        printf("line %d\n", i);
    }
    return 0;
}
