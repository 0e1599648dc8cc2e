/* Differential test: prints its arguments (not argv[0], whose spelling differs between a native binary and a
 * module), one per line with its length, so quoting, empty and non-ASCII arguments show. */
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv)
{
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
    {
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    }
    return 0;
}
