package io.wabric.experiments.program;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds experiment programs natively with {@code gcc -O2}: the reference Wabric is measured against. The flags
 * are the plain, portable optimised build (no {@code -march=native}), matching what {@code wabric cc -O2} is given.
 */
public final class NativeBuild implements ProgramBuild
{
    /** Environment variable naming another C compiler. */
    public static final String CC_ENV_NAME = "CC";
    static final String CC_DEFAULT = "gcc";
    static final List<String> FLAGS = List.of("-O2");
    /** Makes gcc list the loops it vectorised, without changing the code it generates. */
    static final String VECTORIZATION_REPORT_FLAG = "-fopt-info-vec-optimized";

    private final String variant;
    private final Path outputDir;
    private final ProcessRunner runner;
    private final String compiler;
    private final List<String> flags;
    private final Map<String, Integer> vectorizedLoops = new HashMap<>();

    /**
     * @param outputDir directory for the executables.
     * @param runner    runs the compiler.
     */
    public NativeBuild(final Path outputDir, final ProcessRunner runner)
    {
        this("native", defaultCompiler(), FLAGS, outputDir, runner);
    }

    /**
     * A build with another compiler or flags, e.g. {@code gcc -fopenmp -O2} or {@code mpicc -O2}.
     *
     * @param variant   the variant name used in results.
     * @param compiler  the compiler command.
     * @param flags     its flags, before the output and source.
     * @param outputDir directory for the executables.
     * @param runner    runs the compiler.
     */
    public NativeBuild(
        final String variant,
        final String compiler,
        final List<String> flags,
        final Path outputDir,
        final ProcessRunner runner)
    {
        this.variant = variant;
        this.compiler = compiler;
        this.flags = List.copyOf(flags);
        this.outputDir = outputDir;
        this.runner = runner;
    }

    /**
     * @return {@code $CC} when set, else {@code gcc}.
     */
    public static String defaultCompiler()
    {
        final String override = System.getenv(CC_ENV_NAME);
        return override == null || override.isBlank() ? CC_DEFAULT : override;
    }

    @Override
    public String variant()
    {
        return variant;
    }

    @Override
    public String description()
    {
        return compiler + " " + String.join(" ", flags);
    }

    @Override
    public Path build(final Path source, final String name)
    {
        final Path program = outputDir.resolve(name);
        final List<String> command = new ArrayList<>();
        command.add(compiler);
        command.addAll(flags);
        command.add("-o");
        command.add(program.toString());
        command.add(source.toString());
        command.add("-lm");
        final boolean reportsVectorization = Path.of(compiler).getFileName().toString().contains("gcc");
        if (reportsVectorization)
        {
            command.add(VECTORIZATION_REPORT_FLAG);
        }
        createDirectories(outputDir);
        final ProcessResult result = runner.run(command, Map.of()).requireSuccess();
        if (reportsVectorization)
        {
            final long loops = result.stderr().lines().filter(line -> line.contains("loop vectorized")).count();
            vectorizedLoops.put(name, (int)loops);
        }
        return program;
    }

    /**
     * How many loops gcc vectorised in a program, from its {@code -fopt-info-vec-optimized} report: SIMD is the
     * usual reason native code outruns Wasm here, since Chicory compiles no SIMD.
     *
     * @param name a program built by {@link #build(Path, String)}.
     * @return the count, or -1 when unknown (not built, or the compiler is not gcc).
     */
    public int vectorizedLoops(final String name)
    {
        return vectorizedLoops.getOrDefault(name, -1);
    }

    @Override
    public List<String> command(final Path program, final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(arguments));
        return command;
    }

    @Override
    public Map<String, String> environment()
    {
        return Map.of();
    }

    /**
     * @return the compiler's first version line, for the report.
     */
    public String compilerVersion()
    {
        final String out = runner.run(List.of(compiler, "--version"), Map.of()).requireSuccess().stdout();
        return out.lines().findFirst().orElse(compiler).strip();
    }

    static void createDirectories(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new ProgramException("cannot create the build directory " + directory + ": " + ex.getMessage(), ex);
        }
    }
}
