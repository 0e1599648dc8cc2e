package io.wabric.cli;

import picocli.CommandLine.Command;

/**
 * {@code wabric c++}: compiles C++ for Wabric with libc++ and without exceptions.
 */
@Command(
    name = "c++",
    aliases = {"cxx"},
    mixinStandardHelpOptions = true,
    description = {
        "Compile and link C++ for Wabric: `wabric c++ -O2 prog.cpp -o prog.wasm`.",
        "As `wabric cc`, with libc++ for wasm32 and -fno-exceptions (WASI has no unwinding)."
    })
public final class CxxCommand extends CompileCommand
{
    @Override
    boolean cxx()
    {
        return true;
    }
}
