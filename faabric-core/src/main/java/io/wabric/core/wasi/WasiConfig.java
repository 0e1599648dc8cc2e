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
