/* Differential test: prints the whole environment, sorted, then looks up a few names. The native run gets exactly
 * the variables given to `wabric run --env`, so equal output proves the guest sees those and nothing of the host
 * (as wasmtime does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int compare(const void* a, const void* b)
{
    return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(void)
{
    int count = 0;
    while (environ[count] != NULL)
    {
        count++;
    }
    char** sorted = malloc(sizeof(char*) * (count + 1));
    memcpy(sorted, environ, sizeof(char*) * count);
    qsort(sorted, count, sizeof(char*), compare);
    printf("count=%d\n", count);
    for (int i = 0; i < count; i++)
    {
        printf("%s\n", sorted[i]);
    }
    const char* names[] = {"GREETING", "EMPTY", "HOME", "PATH", "USER", "WITH_EQUALS"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    {
        const char* value = getenv(names[i]);
        printf("getenv(%s)=%s%s%s\n", names[i], value ? "[" : "", value ? value : "(null)", value ? "]" : "");
    }
    free(sorted);
    return 0;
}
