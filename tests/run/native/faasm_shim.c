/* Native stand-in for Wabric's Faasm host functions, so faasm_io.c runs under gcc too: the call input is standard
 * input, the call output goes to the file named by FAASM_OUTPUT (standard output when unset). Not a guest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char* input;
static int inputSize = -1;

static void load(void)
{
    if (inputSize >= 0)
    {
        return;
    }
    size_t capacity = 1024;
    size_t size = 0;
    input = malloc(capacity);
    size_t got;
    while ((got = fread(input + size, 1, capacity - size, stdin)) > 0)
    {
        size += got;
        if (size == capacity)
        {
            capacity *= 2;
            input = realloc(input, capacity);
        }
    }
    inputSize = (int)size;
}

int __faasm_read_input(unsigned char* buffer, int bufferLen)
{
    load();
    if (bufferLen <= 0)
    {
        return inputSize;
    }
    const int copied = bufferLen < inputSize ? bufferLen : inputSize;
    memcpy(buffer, input, copied);
    return copied;
}

void __faasm_write_output(const unsigned char* output, int outputLen)
{
    static FILE* out;
    if (out == NULL)
    {
        const char* name = getenv("FAASM_OUTPUT");
        out = name != NULL ? fopen(name, "wb") : stdout;
    }
    fwrite(output, 1, outputLen, out);
    fflush(out);
}
