package io.wabric.experiments.program;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs as child processes, timing each from start to exit.
 *
 * <p>Output goes to temporary files rather than pipes so a chatty program never blocks on a full pipe and the
 * harness needs no reader threads while it times.
 */
public final class ProcessRunner
{
    private final Path scratchDir;
    private final long timeoutMs;

    /**
     * @param scratchDir directory for output files.
     * @param timeoutMs  how long one process may run before it is killed and reported.
     */
    public ProcessRunner(final Path scratchDir, final long timeoutMs)
    {
        this.scratchDir = scratchDir;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Runs a command to completion.
     *
     * @param command     program and arguments.
     * @param environment variables added to the harness's environment.
     * @return the finished process.
     * @throws ProgramException when it cannot start or runs past the timeout.
     */
    public ProcessResult run(final List<String> command, final Map<String, String> environment)
    {
        try
        {
            Files.createDirectories(scratchDir);
            final File stdout = Files.createTempFile(scratchDir, "stdout-", ".txt").toFile();
            final File stderr = Files.createTempFile(scratchDir, "stderr-", ".txt").toFile();
            try
            {
                final ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout)
                    .redirectError(stderr)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(environment);
                final long startNs = System.nanoTime();
                final Process process = builder.start();
                if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
                {
                    process.destroyForcibly().waitFor();
                    throw new ProgramException("'" + String.join(" ", command) + "' ran longer than " + timeoutMs +
                        " ms and was killed");
                }
                final long wallNs = System.nanoTime() - startNs;
                return new ProcessResult(command, process.exitValue(),
                    Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
                    Files.readString(stderr.toPath(), StandardCharsets.UTF_8), wallNs);
            }
            finally
            {
                Files.deleteIfExists(stdout.toPath());
                Files.deleteIfExists(stderr.toPath());
            }
        }
        catch (final IOException ex)
        {
            throw new ProgramException("cannot run '" + String.join(" ", command) + "': " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new ProgramException("interrupted while running '" + String.join(" ", command) + "'", ex);
        }
    }
}
