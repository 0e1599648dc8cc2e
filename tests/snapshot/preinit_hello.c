/*
 * A small guest for the end-to-end test of `wabric snapshot create` and `wabric run --snapshot`: init() builds a
 * greeting on the heap; main() prints it, building it itself when no snapshot did. -DVARIANT changes the module
 * (and so its digest) for the digest-mismatch test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VARIANT
#define VARIANT 1
#endif

static char *greeting;

__attribute__((export_name("init"))) void init(void)
{
    greeting = malloc(64);
    snprintf(greeting, 64, "hello from init, variant %d", VARIANT);
}

int main(int argc, char **argv)
{
    const int preinitialised = greeting != NULL;
    if (!preinitialised)
    {
        init();
    }
    printf("%s; pre-initialised=%s; argv[1]=%s\n", greeting, preinitialised ? "yes" : "no", argc > 1 ? argv[1] : "-");
    return 0;
}
