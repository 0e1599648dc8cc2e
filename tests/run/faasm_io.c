/* Faasm's serverless interface: reads the call input with __faasm_read_input (asking its size first with length
 * 0), and writes an output made of its length, a checksum and the input reversed with __faasm_write_output.
 * Natively it links with native/faasm_shim.c (input from stdin, output to stdout), so the outputs compare. */
#include <faasm/core.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    const int size = __faasm_read_input(NULL, 0);
    unsigned char* input = malloc(size + 1);
    const int got = __faasm_read_input(input, size);
    unsigned long checksum = 0;
    for (int i = 0; i < got; i++)
    {
        checksum = checksum * 131 + input[i];
    }
    char header[96];
    const int headerLen = snprintf(header, sizeof(header), "size=%d got=%d checksum=%lu reversed=", size, got,
        checksum & 0xffffffffUL);
    __faasm_write_output((const unsigned char*)header, headerLen);
    unsigned char* reversed = malloc(got + 1);
    for (int i = 0; i < got; i++)
    {
        reversed[i] = input[got - 1 - i];
    }
    __faasm_write_output(reversed, got);
    __faasm_write_output((const unsigned char*)"\n", 1);
    /* Standard output stays separate from the call output. */
    printf("faasm_io done\n");
    return 0;
}
