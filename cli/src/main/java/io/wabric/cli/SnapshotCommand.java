package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.ExitCodes;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.core.host.HostModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.snapshot.SnapshotException;
import io.wabric.snapshot.file.GuestSnapshot;
import io.wabric.snapshot.file.SnapshotFile;
import io.wabric.snapshot.host.SharedMemoryHostModule;
import io.wabric.snapshot.memory.CowMemory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wabric snapshot}: pre-initialised starts. {@code create} runs a module's initialisation once and saves
 * memory, globals and the module's digest; {@code wabric run --snapshot} starts later runs from that state.
 */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Snapshots of initialised guests, for fast starts with `wabric run --snapshot FILE`.",
    subcommands = {SnapshotCommand.Create.class, CommandLine.HelpCommand.class})
public final class SnapshotCommand implements Runnable
{
    /** Faasm's name for the export that initialises a function before its snapshot is taken. */
    static final String FAASM_ZYGOTE = "_faasm_zygote";

    /** What an init function must be; its results, if any, are ignored. */
    private static final String INIT_RULE = "an init function takes none";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.err);
    }

    /**
     * {@code wabric snapshot create prog.wasm -o prog.snap [--init FUNC]}.
     */
    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Run a module's init function once and save the state it leaves, for `wabric run --snapshot FILE`.",
            "Saved: linear memory, globals, merge regions declared with __faasm_sm_reduce, the module's digest.",
            "The init function is --init FUNC, else Faasm's _faasm_zygote; it must be exported",
            "(C: __attribute__((export_name(\"init\"))) or -Wl,--export=init) and take no arguments."
        })
    static final class Create implements Callable<Integer>
    {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The snapshot file.")
        private Path output;

        @Option(names = "--init", paramLabel = "FUNC",
            description = "Exported function to run before the snapshot (default: _faasm_zygote).")
        private String init;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the init function after this long.")
        private double timeoutSeconds;

        @Option(names = "--max-memory", paramLabel = "SIZE", description = "Cap the guest's linear memory, e.g. 64M.")
        private String maxMemory;

        @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm module.")
        private Path module;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments the init function sees.")
        private final List<String> guestArgs = new ArrayList<>();

        @Override
        public Integer call() throws IOException
        {
            refuseOutputOverModule();
            try
            {
                SnapshotFile.checkWritable(output);
            }
            catch (final SnapshotException ex)
            {
                return cannotWrite(ex);
            }
            final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
            final String initFunction = initFunction(guestModule);

            final WasiConfig wasi = new WasiConfig();
            final List<String> argv = new ArrayList<>();
            argv.add(module.getFileName().toString());
            argv.addAll(guestArgs);
            wasi.arguments(argv);
            final OutputStream stdout = HostStreams.stdout();
            wasi.stdio(HostStreams.stdin(), stdout, HostStreams.stderr());
            final FaasletContext context = new FaasletContext(new byte[0], stdout);
            final FaasletOptions options = new FaasletOptions()
                .wasi(wasi)
                .context(context)
                .timeoutMs(Math.round(timeoutSeconds * 1000))
                .maxMemoryPages(SizeParser.pages(maxMemory, "--max-memory"))
                .memoryFactory(CowMemory::new);
            bindServerlessFeatures(options);

            final long startNs = System.nanoTime();
            final GuestSnapshot snapshot;
            try (Faaslet faaslet = Faaslet.create(guestModule, options))
            {
                final Outcome outcome = faaslet.run(initFunction);
                if (outcome.kind() != Outcome.Kind.EXITED || outcome.exitCode() != 0)
                {
                    System.err.println("wabric: " + module.getFileName() + ": init function " + initFunction +
                        " did not finish normally (" + outcome + "); no snapshot written");
                    return Outcomes.report(module.getFileName().toString(), outcome);
                }
                snapshot = GuestSnapshot.capture(faaslet.guest(), SharedMemoryHostModule.registry(context).regions());
            }
            final long initMs = (System.nanoTime() - startNs) / 1_000_000;
            try
            {
                SnapshotFile.write(snapshot, output);
            }
            catch (final SnapshotException ex)
            {
                return cannotWrite(ex);
            }
            int storedPages = 0;
            for (int pageIndex = 0; pageIndex < snapshot.memory().pageCount(); pageIndex++)
            {
                storedPages += snapshot.memory().isZeroPage(pageIndex) ? 0 : 1;
            }
            System.err.println("wabric: wrote " + output + ": " + initFunction + " ran in " + initMs + " ms; memory " +
                snapshot.memory().pageCount() + " pages (" + storedPages + " non-zero stored), " +
                snapshot.globals().length + " globals, " + snapshot.regions().size() + " merge regions");
            return 0;
        }

        /**
         * Refuses {@code -o} naming the module itself (also through a symbolic link or another relative path): the
         * snapshot used to replace the module it was taken from, which was then lost.
         */
        private void refuseOutputOverModule() throws IOException
        {
            if (Files.exists(output) && Files.exists(module) && Files.isSameFile(output, module))
            {
                throw new WabricException("-o " + output + ": is the module " + module + " itself, which the " +
                    "snapshot would overwrite; name another file, e.g. -o " + snapshotNameFor(module));
            }
        }

        private String initFunction(final GuestModule guestModule)
        {
            if (init != null)
            {
                if (!guestModule.hasExport(init))
                {
                    throw new WabricException(module + " exports no function named " + init +
                        ": export it (C: __attribute__((export_name(\"" + init + "\"))) or link with -Wl,--export=" +
                        init + ")");
                }
                EntryPoints.checkCallableWithoutArguments(guestModule, init, "--init " + init + ": ", INIT_RULE);
                return init;
            }
            if (guestModule.hasExport(FAASM_ZYGOTE))
            {
                EntryPoints.checkCallableWithoutArguments(guestModule, FAASM_ZYGOTE,
                    module + ": " + FAASM_ZYGOTE + " ", INIT_RULE);
                return FAASM_ZYGOTE;
            }
            throw new WabricException(module + " exports no " + FAASM_ZYGOTE + " function: name its init function " +
                "with --init FUNC");
        }

        /**
         * Reports a snapshot file that cannot be written in one line, with the status README promises for a host
         * file Wabric cannot write.
         */
        private static int cannotWrite(final SnapshotException ex)
        {
            System.err.println("wabric: " + ex.getMessage());
            return ExitCodes.IO_ERROR;
        }

        private static String snapshotNameFor(final Path module)
        {
            final String name = module.getFileName().toString();
            return (name.endsWith(".wasm") ? name.substring(0, name.length() - ".wasm".length()) : name) + ".snap";
        }
    }

    /**
     * Binds the serverless host features a `wabric run` guest gets: Faasm's calls and shared-memory reductions.
     *
     * @param options the Faaslet's options.
     */
    static void bindServerlessFeatures(final FaasletOptions options)
    {
        final HostModules modules = HostModules.discover();
        for (final String feature : List.of("faasm", "faasm-shared-memory"))
        {
            final HostModule hostModule = modules.feature(feature);
            if (hostModule != null)
            {
                options.hostModule(hostModule);
            }
        }
    }
}
