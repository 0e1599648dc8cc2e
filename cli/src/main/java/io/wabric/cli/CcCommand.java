package io.wabric.cli;

import picocli.CommandLine.Command;

/**
 * {@code wabric cc}: compiles C for Wabric, as {@code mpicc} wraps the system compiler.
 */
@Command(
    name = "cc",
    mixinStandardHelpOptions = true,
    description = {
        "Compile and link C for Wabric: `wabric cc -O2 prog.c -o prog.wasm`.",
        "Passes every argument to clang-19 with the wasm32-wasi target, WASI's libc, Wabric's guest headers",
        "(wabric.h, faasm/core.h) and a link check: calling a function Wabric does not implement fails at",
        "link time naming the symbol."
    })
public final class CcCommand extends CompileCommand
{
    @Override
    boolean cxx()
    {
        return false;
    }
}
