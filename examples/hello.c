/* The smallest Wabric program: `bin/wabric cc -O2 examples/hello.c -o hello.wasm && bin/wabric run hello.wasm`. */
#include <stdio.h>

int main(int argc, char** argv)
{
    printf("Hello from %s, a Wasm Faaslet on Wabric (%d argument%s)\n", argv[0], argc - 1, argc == 2 ? "" : "s");
    return 0;
}
