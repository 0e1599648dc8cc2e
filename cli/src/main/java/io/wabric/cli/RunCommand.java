package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.engine.GuestModule;
import io.wabric.core.engine.ModuleLoader;
import io.wabric.core.faaslet.Faaslet;
import io.wabric.core.faaslet.FaasletContext;
import io.wabric.core.faaslet.FaasletOptions;
import io.wabric.core.faaslet.Outcome;
import io.wabric.core.host.HostModules;
import io.wabric.core.wasi.DirMapping;
import io.wabric.core.wasi.WasiConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    @Option(names = "--threads", paramLabel = "N",
        description = "OpenMP team size for top-level parallel regions (overrides OMP_NUM_THREADS).")
    private int threads;

    @Option(names = "--omp", paramLabel = "MODE", defaultValue = "shared",
        description = "OpenMP execution mode: shared (threads share one memory). fork is not available yet.")
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
        final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        wasi.stdio(new FileInputStream(FileDescriptor.in), stdout, new FileOutputStream(FileDescriptor.err));

        final ByteArrayOutputStream callOutput = new ByteArrayOutputStream();
        final FaasletOptions options = new FaasletOptions()
            .wasi(wasi)
            .context(new FaasletContext(inputBytes(), output == null ? stdout : callOutput))
            .timeoutMs(Math.round(timeoutSeconds * 1000))
            .maxMemoryPages(SizeParser.pages(maxMemory, "--max-memory"));
        final HostModules hostModules = HostModules.discover();
        options.hostModule(hostModules.feature("faasm"));

        final GuestModule guestModule = ModuleLoader.withDefaultCache().load(module);
        OpenMpLaunch.configure(hostModules, guestModule, options, ompMode, threads);
        final Outcome outcome;
        try (Faaslet faaslet = Faaslet.create(guestModule, options))
        {
            outcome = faaslet.run("_start");
        }
        if (output != null)
        {
            Files.write(output, callOutput.toByteArray());
        }
        return Outcomes.report(module.getFileName().toString(), outcome);
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
