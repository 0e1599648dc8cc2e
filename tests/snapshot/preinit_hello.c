/*
 * A small guest for the end-to-end test of `wabric snapshot create` and `wabric run --snapshot`: init() builds a
 * greeting on the heap; main() prints it, building it itself when no snapshot did. -DVARIANT changes the module
 * (and so its digest) for the digest-mismatch test; -DZYGOTE exports init() under Faasm's name, _faasm_zygote, which
 * `wabric snapshot create` runs when no --init is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VARIANT
#define VARIANT 1
#endif

static char *greeting;

#ifdef ZYGOTE
#define INIT_EXPORT "_faasm_zygote"
#else
#define INIT_EXPORT "init"
#endif

__attribute__((export_name(INIT_EXPORT))) void init(void)
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
