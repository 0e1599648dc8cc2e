package io.wabric.core.wasi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a guest may see through WASI: its arguments, environment, standard streams and mapped directories.
 * Nothing else of the host is reachable.
 */
public final class WasiConfig
{
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<DirMapping> directories = new ArrayList<>();
    private InputStream stdin = InputStream.nullInputStream();
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private boolean stdinTerminal;
    private boolean stdoutTerminal;
    private boolean stderrTerminal;

    /**
     * @param arguments argv, program name first.
     * @return this.
     */
    public WasiConfig arguments(final List<String> arguments)
    {
        this.arguments.clear();
        this.arguments.addAll(arguments);
        return this;
    }

    /**
     * @return argv, program name first.
     */
    public List<String> arguments()
    {
        return arguments;
    }

    /**
     * @param name  variable name.
     * @param value its value.
     * @return this.
     */
    public WasiConfig environment(final String name, final String value)
    {
        environment.put(name, value);
        return this;
    }

    /**
     * @return the environment, in insertion order.
     */
    public Map<String, String> environment()
    {
        return environment;
    }

    /**
     * @param mapping a directory to expose.
     * @return this.
     */
    public WasiConfig directory(final DirMapping mapping)
    {
        directories.add(mapping);
        return this;
    }

    /**
     * @return the exposed directories.
     */
    public List<DirMapping> directories()
    {
        return directories;
    }

    /**
     * Which standard streams the guest is told are terminals ({@code isatty}, and through it how its libc buffers
     * stdout). By default none is: a guest whose stdout goes to a file, a pipe or another process writes in blocks,
     * as natively. Pass {@link Terminals#isTerminal} of this process's descriptors when the guest's streams are
     * this process's own.
     *
     * @param stdin  whether standard input is a terminal.
     * @param stdout whether standard output is a terminal.
     * @param stderr whether standard error is a terminal.
     * @return this.
     */
    public WasiConfig terminals(final boolean stdin, final boolean stdout, final boolean stderr)
    {
        this.stdinTerminal = stdin;
        this.stdoutTerminal = stdout;
        this.stderrTerminal = stderr;
        return this;
    }

    /**
     * @return whether standard input is a terminal.
     */
    public boolean stdinTerminal()
    {
        return stdinTerminal;
    }

    /**
     * @return whether standard output is a terminal.
     */
    public boolean stdoutTerminal()
    {
        return stdoutTerminal;
    }

    /**
     * @return whether standard error is a terminal.
     */
    public boolean stderrTerminal()
    {
        return stderrTerminal;
    }

    /**
     * @param stdin  the guest's standard input.
     * @param stdout the guest's standard output.
     * @param stderr the guest's standard error.
     * @return this.
     */
    public WasiConfig stdio(final InputStream stdin, final OutputStream stdout, final OutputStream stderr)
    {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        return this;
    }

    /**
     * @return standard input.
     */
    public InputStream stdin()
    {
        return stdin;
    }

    /**
     * @return standard output.
     */
    public OutputStream stdout()
    {
        return stdout;
    }

    /**
     * @return standard error.
     */
    public OutputStream stderr()
    {
        return stderr;
    }
}
