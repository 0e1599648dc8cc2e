/* Differential test: reads standard input to the end and echoes it upper-cased, then counts bytes and lines, so
 * empty input, binary bytes and a missing final newline all show. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
    long bytes = 0;
    long lines = 0;
    int c;
    while ((c = getchar()) != EOF)
    {
        bytes++;
        if (c == '\n')
        {
            lines++;
        }
        putchar(c < 128 ? toupper(c) : c);
    }
    printf("\nbytes=%ld lines=%ld eof=%d\n", bytes, lines, feof(stdin) ? 1 : 0);
    return 0;
}
