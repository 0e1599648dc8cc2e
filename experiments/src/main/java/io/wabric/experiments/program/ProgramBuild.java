package io.wabric.experiments.program;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One way of turning an experiment's C source into something runnable, and of running it: natively with gcc, or
 * to Wasm with {@code wabric cc} and run by {@code wabric run}.
 *
 * <pre>{@code
 * Path program = build.build(source, "matmul");
 * ProcessResult result = runner.run(build.command(program, "512", "8"), build.environment());
 * }</pre>
 */
public interface ProgramBuild
{
    /**
     * @return the variant name used in results, e.g. {@code native} or {@code wabric}.
     */
    String variant();

    /**
     * @return the compile command, for the report, e.g. {@code gcc -O2}.
     */
    String description();

    /**
     * Compiles one C source file.
     *
     * @param source the C file.
     * @param name   the program's name; the output is named after it.
     * @return the built program.
     * @throws ProgramException when the compiler fails, with its error output.
     */
    Path build(Path source, String name);

    /**
     * @param program   a program this build made.
     * @param arguments its arguments.
     * @return the command line that runs it.
     */
    List<String> command(Path program, String... arguments);

    /**
     * @return environment variables the command needs.
     */
    Map<String, String> environment();
}
