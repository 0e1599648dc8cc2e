package io.wabric.experiments.program;

import java.util.List;
import java.util.Optional;

/**
 * What one finished process left behind: exit status, output and the wall-clock time from start to exit.
 */
public final class ProcessResult
{
    private final List<String> command;
    private final int exitStatus;
    private final String stdout;
    private final String stderr;
    private final long wallNs;

    ProcessResult(final List<String> command, final int exitStatus, final String stdout, final String stderr,
        final long wallNs)
    {
        this.command = List.copyOf(command);
        this.exitStatus = exitStatus;
        this.stdout = stdout;
        this.stderr = stderr;
        this.wallNs = wallNs;
    }

    /**
     * @return the command that ran.
     */
    public List<String> command()
    {
        return command;
    }

    /**
     * @return the exit status.
     */
    public int exitStatus()
    {
        return exitStatus;
    }

    /**
     * @return everything written to standard output.
     */
    public String stdout()
    {
        return stdout;
    }

    /**
     * @return everything written to standard error.
     */
    public String stderr()
    {
        return stderr;
    }

    /**
     * @return nanoseconds from starting the process to its exit.
     */
    public long wallNs()
    {
        return wallNs;
    }

    /**
     * @return this result when the exit status is 0.
     * @throws ProgramException naming the command, its status and the end of its error output otherwise.
     */
    public ProcessResult requireSuccess()
    {
        if (exitStatus != 0)
        {
            throw new ProgramException("'" + String.join(" ", command) + "' exited with status " + exitStatus +
                ": " + tail(stderr.isBlank() ? stdout : stderr));
        }
        return this;
    }

    /**
     * For probes of optional features: why the process failed, in one line.
     *
     * @return empty when the exit status is 0, else the status and the first line of its error output.
     */
    public Optional<String> failure()
    {
        if (exitStatus == 0)
        {
            return Optional.empty();
        }
        final String firstLine = (stderr.isBlank() ? stdout : stderr).strip().lines().findFirst().orElse("");
        final List<String> shown = new java.util.ArrayList<>(command.subList(0, Math.min(command.size(), 4)));
        final java.nio.file.Path program = java.nio.file.Path.of(shown.get(0)).getFileName();
        shown.set(0, program == null ? shown.get(0) : program.toString());
        return Optional.of("`" + String.join(" ", shown) + " ...` exited " + exitStatus +
            (firstLine.isEmpty() ? "" : ": " + firstLine));
    }

    private static String tail(final String text)
    {
        final String trimmed = text.strip();
        return trimmed.length() <= 600 ? trimmed : "..." + trimmed.substring(trimmed.length() - 600);
    }
}
