package io.wabric.experiments.program;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds experiment programs with {@code bin/wabric cc -O2} and runs them with {@code bin/wabric run}, exactly as a
 * user would. The launcher's up-to-date check is skipped ({@code WABRIC_SKIP_BUILD=1}): the harness was started
 * through it, so the build is current, and the check's file scan would otherwise be timed with every start.
 */
public final class WabricBuild implements ProgramBuild
{
    /** The launcher's switch for skipping its build check. */
    public static final String SKIP_BUILD_ENV_NAME = "WABRIC_SKIP_BUILD";
    static final List<String> FLAGS = List.of("-O2");

    private final Path launcher;
    private final List<String> flags;
    private final Path outputDir;
    private final ProcessRunner runner;

    /**
     * @param home      Wabric's checkout, holding {@code bin/wabric}.
     * @param outputDir directory for the Wasm modules.
     * @param runner    runs the compiler.
     */
    public WabricBuild(final Path home, final Path outputDir, final ProcessRunner runner)
    {
        this(home, FLAGS, outputDir, runner);
    }

    /**
     * A build with other {@code wabric cc} flags, e.g. {@code -fopenmp -O2}.
     *
     * @param home      Wabric's checkout, holding {@code bin/wabric}.
     * @param flags     the {@code wabric cc} flags.
     * @param outputDir directory for the Wasm modules.
     * @param runner    runs the compiler.
     */
    public WabricBuild(final Path home, final List<String> flags, final Path outputDir, final ProcessRunner runner)
    {
        this.launcher = home.resolve("bin").resolve("wabric");
        this.flags = List.copyOf(flags);
        this.outputDir = outputDir;
        this.runner = runner;
    }

    /**
     * @return the {@code bin/wabric} launcher, for commands other than {@code run} (e.g. {@code mpirun}).
     */
    public Path launcher()
    {
        return launcher;
    }

    @Override
    public String variant()
    {
        return "wabric";
    }

    @Override
    public String description()
    {
        return "wabric cc " + String.join(" ", flags);
    }

    @Override
    public Path build(final Path source, final String name)
    {
        final Path module = outputDir.resolve(name + ".wasm");
        final List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("cc");
        command.addAll(flags);
        command.add(source.toString());
        command.add("-o");
        command.add(module.toString());
        NativeBuild.createDirectories(outputDir);
        runner.run(command, environment()).requireSuccess();
        return module;
    }

    @Override
    public List<String> command(final Path program, final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("run");
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    @Override
    public Map<String, String> environment()
    {
        return Map.of(SKIP_BUILD_ENV_NAME, "1");
    }

    /**
     * @return {@code wabric --version}, for the report.
     */
    public String version()
    {
        return runner.run(List.of(launcher.toString(), "--version"), environment()).requireSuccess().stdout().strip();
    }
}
