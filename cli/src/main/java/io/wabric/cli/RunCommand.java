package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.host.HostModules;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.core.wasi.DirMapping;
import io.wabric.core.wasi.Terminals;
import io.wabric.core.wasi.WasiConfig;
import io.wabric.snapshot.file.GuestSnapshot;
import io.wabric.snapshot.file.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wabric run}: runs a WASI command module in a Faaslet.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run a WebAssembly command module (built with `wabric cc`) sandboxed.",
        "The guest sees only its arguments, the --env variables, standard streams, clocks, random",
        "and the --dir directories. The exit status is the guest's; 124 on --timeout, 134 on a trap,",
        "2 for a malformed module or a missing import."
    })
public final class RunCommand implements Callable<Integer>
{
    @Option(names = "--dir", paramLabel = "HOST::GUEST",
        description = "Map a host directory into the guest (wasmtime syntax); DIR alone maps it to the same path.")
    private final List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "K=V", description = "Set an environment variable for the guest.")
    private final List<String> env = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the guest after this long (exit 124).")
    private double timeoutSeconds;

    @Option(names = "--max-memory", paramLabel = "SIZE",
        description = "Cap the guest's linear memory, e.g. 64M, 1G, 1048576 (default: the module's maximum).")
    private String maxMemory;

    @Option(names = "--input", paramLabel = "TEXT|@FILE",
        description = "Call input read by __faasm_read_input: the text itself, or @FILE for a file's bytes.")
    private String input;

    @Option(names = "--output", paramLabel = "FILE",
        description = "Write the __faasm_write_output bytes to FILE instead of standard output.")
    private Path output;

    @Option(names = "--snapshot", paramLabel = "FILE",
        description = "Start from a snapshot made by `wabric snapshot create` (memory and globals after the " +
            "module's init function) instead of a fresh instance; refused for another module (exit 2).")
    private Path snapshot;

    @Option(names = "--threads", paramLabel = "N",
        description = "OpenMP team size for top-level parallel regions (overrides OMP_NUM_THREADS).")
    private Integer threads;

    @Option(names = "--omp", paramLabel = "MODE", defaultValue = "shared",
        description = "OpenMP execution mode: shared (threads share one memory) or fork (each thread runs on a " +
            "copy-on-write fork of memory taken at the parallel region; writes are merged as diffs at barriers, " +
            "locks and the join, and data races are reported with their offset).")
    private String ompMode;

    @Parameters(index = "0", paramLabel = "MODULE", description = "The .wasm command module.")
    private Path module;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments passed to the guest.")
    private final List<String> guestArgs = new ArrayList<>();

    @Override
    public Integer call() throws IOException
    {
        final WasiConfig wasi = new WasiConfig();
        final List<String> argv = new ArrayList<>();
        argv.add(module.getFileName().toString());
        argv.addAll(guestArgs);
        wasi.arguments(argv);
        for (final String variable : env)
        {
            final int equals = variable.indexOf('=');
            if (equals <= 0)
            {
                throw new WabricException("--env " + variable + ": expected NAME=VALUE");
            }
            wasi.environment(variable.substring(0, equals), variable.substring(equals + 1));
        }
        for (final String dir : dirs)
        {
            wasi.directory(DirMapping.parse(dir));
        }
        final OutputStream stdout = HostStreams.stdout();
        wasi.stdio(HostStreams.stdin(), stdout, HostStreams.stderr())
            .terminals(Terminals.isTerminal(0), Terminals.isTerminal(1), Terminals.isTerminal(2));

        checkOutputWritable();
        final ByteArrayOutputStream callOutput = new ByteArrayOutputStream();
        final FaasletOptions options = new FaasletOptions()
            .wasi(wasi)
            .context(new FaasletContext(inputBytes(), output == null ? stdout : callOutput))
            .timeoutMs(timeoutMs())
            .maxMemoryPages(SizeParser.pages(maxMemory, "--max-memory"));
        SnapshotCommand.bindServerlessFeatures(options);

        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        EntryPoints.requireCommand(guestModule, module, "a program");
        OpenMpLaunch.configure(HostModules.discover(), guestModule, options, ompMode,
            OpenMpLaunch.threadCount(threads));
        GuestSnapshot restored = null;
        if (snapshot != null)
        {
            restored = SnapshotFile.read(snapshot);
            restored.checkModule(guestModule, snapshot.toString());
            options.memoryFactory(restored.memoryFactory());
        }
        final Outcome outcome;
        try (Faaslet faaslet = Faaslet.create(guestModule, options))
        {
            if (restored != null)
            {
                restored.restoreGlobals(faaslet.guest());
            }
            outcome = faaslet.run("_start");
        }
        if (output != null)
        {
            try
            {
                Files.write(output, callOutput.toByteArray());
            }
            catch (final FileSystemException ex)
            {
                throw ex;
            }
            catch (final IOException ex)
            {
                // e.g. "No space left on device": name the file, which the JDK's message leaves out.
                throw new FileSystemException(output.toString(), null,
                    ex.getMessage() + " (" + callOutput.size() + " bytes of call output not written)");
            }
        }
        return Outcomes.report(module.getFileName().toString(), outcome);
    }

    /**
     * --timeout in whole milliseconds, 0 for none, checked as mpirun checks its durations. A negative value used to
     * reach Thread.join as an internal error with a stack trace, and a positive one under half a millisecond rounded
     * to 0, i.e. no limit at all.
     */
    private long timeoutMs()
    {
        return DurationOption.millis("--timeout", timeoutSeconds, 0);
    }

    /**
     * Refuses an --output whose directory is missing or read-only before the guest runs, so a long run's result is
     * not computed only to be dropped at the end: a host file Wabric cannot write is exit 74, as README says (and as
     * {@code wabric snapshot create -o} does).
     */
    private void checkOutputWritable() throws FileSystemException
    {
        if (output == null)
        {
            return;
        }
        final Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent))
        {
            throw new FileSystemException("--output " + output, null, "no such directory " + parent);
        }
        if (Files.exists(output) ? !Files.isWritable(output) : !Files.isWritable(parent))
        {
            throw new FileSystemException("--output " + output, null, "not writable");
        }
    }

    private byte[] inputBytes() throws IOException
    {
        if (input == null)
        {
            return new byte[0];
        }
        if (input.startsWith("@"))
        {
            final Path file = Path.of(input.substring(1));
            if (!Files.isRegularFile(file))
            {
                throw new WabricException("--input " + input + ": no such file " + file);
            }
            return Files.readAllBytes(file);
        }
        return input.getBytes(StandardCharsets.UTF_8);
    }
}
