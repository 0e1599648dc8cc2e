package io.wabric.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code wabric cc} and {@code wabric c++} share: every argument goes to clang, wrapped with Wabric's target,
 * sysroot, headers and link checks.
 */
abstract class CompileCommand implements Callable<Integer>
{
    @Option(names = "--show", description = "Print the clang command line instead of running it (like mpicc -show).")
    private boolean show;

    @Parameters(paramLabel = "CLANG_ARGS", description = "Arguments for clang: sources, -O2, -o FILE, -I, -D, -l ...")
    private final List<String> clangArgs = new ArrayList<>();

    abstract boolean cxx();

    @Override
    public Integer call() throws IOException
    {
        final GuestToolchain toolchain = new GuestToolchain(GuestToolchain.home());
        final Path allowed = GuestToolchain.writeAllowedUndefined();
        final Path openMpObject = GuestToolchain.openMp(clangArgs) && GuestToolchain.links(clangArgs) ?
            Files.createTempFile("wabric-omp-", ".o") : null;
        try
        {
            final List<String> command = toolchain.command(cxx(), clangArgs, allowed, openMpObject);
            if (show)
            {
                if (openMpObject != null)
                {
                    System.out.println(String.join(" ", toolchain.openMpSupportCommand(openMpObject)));
                }
                System.out.println(String.join(" ", command));
                return 0;
            }
            toolchain.ensureInstalled();
            if (openMpObject != null)
            {
                final int status = GuestToolchain.runProcess(toolchain.openMpSupportCommand(openMpObject));
                if (status != 0)
                {
                    return status;
                }
            }
            return GuestToolchain.runProcess(command);
        }
        finally
        {
            Files.deleteIfExists(allowed);
            if (openMpObject != null)
            {
                Files.deleteIfExists(openMpObject);
            }
        }
    }
}
