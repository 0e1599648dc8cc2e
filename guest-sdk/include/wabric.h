/*
 * Wabric's guest SDK: one header for everything the host provides beyond WASI.
 * Part of the guest ABI: see guest-sdk/README.md.
 */
#ifndef WABRIC_H
#define WABRIC_H

#include <faasm/core.h>

#define WABRIC_VERSION_MAJOR 0
#define WABRIC_VERSION_MINOR 1

#endif
