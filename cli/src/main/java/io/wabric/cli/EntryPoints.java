package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.InvalidModuleException;

import java.nio.file.Path;
import java.util.List;

/**
 * Checks an export the CLI is about to call with no arguments (a command's {@code _start}, a snapshot's init
 * function) before calling it: the engine would otherwise fail inside the call, and a memory named as a function or
 * a {@code _start(int)} was reported as a trap (exit 134) with the engine's own text instead of as bad input.
 */
final class EntryPoints
{
    private EntryPoints()
    {
    }

    /**
     * Refuses an export that is not a function or that takes parameters, in one line with exit status 2.
     *
     * @param module     the module, which exports {@code exportName}.
     * @param exportName the export to be called.
     * @param subject    how the message begins, e.g. {@code "prog.wasm: _start "} or {@code "--init setup: "}.
     * @param rule       what an entry point of this kind must be, e.g. {@code "a command's _start takes none"}.
     * @throws WabricException when the export cannot be called with no arguments.
     */
    static void checkCallableWithoutArguments(
        final GuestModule module, final String exportName, final String subject, final String rule)
    {
        final String kind = module.exportKind(exportName);
        if (!"function".equals(kind))
        {
            throw new WabricException(subject + "is a " + kind + ", not a function");
        }
        final List<String> params = module.exportedFunctionParams(exportName);
        if (!params.isEmpty())
        {
            throw new WabricException(subject + "takes " + params.size() +
                (params.size() == 1 ? " parameter (" : " parameters (") + String.join(", ", params) + "); " + rule);
        }
    }

    /**
     * Refuses a module that cannot run as a WASI command: no {@code _start} export (a reactor or library, which
     * otherwise ended as a "trap" on the missing export), or a {@code _start} that is not a function taking nothing.
     *
     * @param module   the loaded module.
     * @param path     the module's file, for the message.
     * @param building what to build instead, e.g. {@code "a program"} or {@code "an MPI program"}.
     * @throws WabricException in one line (exit status 2) when it cannot.
     */
    static void requireCommand(final GuestModule module, final Path path, final String building)
    {
        if (!module.hasExport("_start"))
        {
            throw new InvalidModuleException(path + ": exports no _start function, so it is not a WASI command " +
                "module; build " + building + " with main() using `wabric cc`");
        }
        checkCallableWithoutArguments(module, "_start", path + ": _start ", "a command's _start takes none");
    }
}
