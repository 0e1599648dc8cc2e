/* Differential test: ends in the way argv[1] names, after writing to stdout without a final flush, so the exit
 * status and libc's flush-at-exit both show.
 *   return N | exit N | exit0 | abort-after-print is in traps.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        fprintf(stderr, "usage: exit_codes return N | exit N | exit0\n");
        return 64;
    }
    printf("mode=%s", argv[1]);
    if (strcmp(argv[1], "return") == 0 && argc > 2)
    {
        printf(" status=%s\n", argv[2]);
        return atoi(argv[2]);
    }
    if (strcmp(argv[1], "exit") == 0 && argc > 2)
    {
        printf(" status=%s (no newline follows)", argv[2]);
        exit(atoi(argv[2]));
    }
    if (strcmp(argv[1], "exit0") == 0)
    {
        printf(" status=0\n");
        exit(0);
    }
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 64;
}
