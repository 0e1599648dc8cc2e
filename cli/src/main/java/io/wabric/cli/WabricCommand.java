package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.InvalidModuleException;
import io.wabric.core.faaslet.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;

/**
 * The {@code wabric} command: compile C/C++ to Wasm and run it sandboxed.
 */
@Command(
    name = "wabric",
    mixinStandardHelpOptions = true,
    versionProvider = WabricCommand.Version.class,
    description = {
        "Compile C/C++ programs (MPI, OpenMP, serverless functions) to WebAssembly once, then run them sandboxed.",
        ""
    },
    footer = {
        "",
        "bin/wabric bench [--quick] [--out DIR] [--only NAME,...] measures Wabric against native code on this " +
            "machine (see bin/wabric bench --help)."
    },
    subcommands = {
        CcCommand.class,
        CxxCommand.class,
        RunCommand.class,
        MpirunCommand.class,
        MpiWorkerCommand.class,
        SnapshotCommand.class,
        CacheCommand.class,
        CommandLine.HelpCommand.class
    })
public final class WabricCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.err);
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Help text width in columns: the descriptions are written as lines of up to 110 characters. */
    static final int USAGE_WIDTH = 120;

    /**
     * Runs a command line and returns its exit status, for tests and embedding.
     *
     * @param args command-line arguments.
     * @return the exit status.
     */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new WabricCommand());
        // picocli reads an argument "@FILE" as a file of more arguments by default, which swallowed
        // `run --input @FILE` (the file's bytes became arguments); Wabric gives '@' its own meaning there.
        commandLine.setExpandAtFiles(false);
        commandLine.setUsageHelpWidth(USAGE_WIDTH);
        commandLine.getSubcommands().get("cc").setUnmatchedOptionsArePositionalParams(true);
        commandLine.getSubcommands().get("c++").setUnmatchedOptionsArePositionalParams(true);
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        commandLine.getSubcommands().get("mpirun").setStopAtPositional(true);
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) ->
        {
            if (ex instanceof InvalidModuleException)
            {
                System.err.println("wabric: " + ex.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (ex instanceof WabricException)
            {
                System.err.println("wabric: " + ex.getMessage());
                return ex.getCause() == null ? ExitCodes.BAD_INPUT : 1;
            }
            if (ex instanceof IOException)
            {
                // A full disk, a missing directory, a permission: the user's environment, not Wabric's fault.
                System.err.println("wabric: " + describe((IOException)ex));
                return ExitCodes.IO_ERROR;
            }
            System.err.println("wabric: internal error: " + ex);
            ex.printStackTrace(System.err);
            return ExitCodes.INTERNAL_ERROR;
        });
        return commandLine.execute(args);
    }

    /**
     * One line for an I/O failure: the file and the reason, e.g. {@code /out/x: No space left on device}.
     *
     * @param ex the failure.
     * @return the description.
     */
    static String describe(final IOException ex)
    {
        if (ex instanceof FileSystemException)
        {
            final FileSystemException fse = (FileSystemException)ex;
            final String reason = fse.getReason() != null ? fse.getReason() :
                fse instanceof NoSuchFileException ? "no such file or directory" :
                fse instanceof AccessDeniedException ? "permission denied" : fse.getClass().getSimpleName();
            return fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "") + ": " + reason;
        }
        return "I/O error: " + ex.getMessage();
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion() throws IOException
        {
            final Properties properties = new Properties();
            try (InputStream in = WabricCommand.class.getResourceAsStream("/wabric-version.properties"))
            {
                if (in != null)
                {
                    properties.load(in);
                }
            }
            return new String[] {"wabric " + properties.getProperty("version", "unknown") +
                " (Chicory 1.7.5, Java " + Runtime.version() + ")"};
        }
    }
}
