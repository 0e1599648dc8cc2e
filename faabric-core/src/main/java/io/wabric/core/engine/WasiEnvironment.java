package io.wabric.core.engine;

import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.wabric.core.wasi.DirMapping;
import io.wabric.core.wasi.SandboxFileSystems;
import io.wabric.core.wasi.WasiConfig;

import java.security.SecureRandom;

/**
 * WASI preview 1 for one guest, built from a {@link WasiConfig}: the engine's implementation with Wabric's
 * confined file systems under every mapped directory.
 */
public final class WasiEnvironment implements AutoCloseable
{
    private final WasiPreview1 preview1;

    /**
     * @param config what the guest may see.
     */
    public WasiEnvironment(final WasiConfig config)
    {
        final WasiOptions.Builder options = WasiOptions.builder()
            .withArguments(config.arguments())
            .withStdin(config.stdin(), config.stdinTerminal())
            .withStdout(config.stdout(), config.stdoutTerminal())
            .withStderr(config.stderr(), config.stderrTerminal())
            .withRandom(new SecureRandom());
        config.environment().forEach(options::withEnvironment);
        for (final DirMapping mapping : config.directories())
        {
            options.withDirectory(mapping.guestPath(), SandboxFileSystems.confine(mapping.hostDir()));
        }
        this.preview1 = WasiPreview1.builder().withOptions(options.build()).build();
    }

    WasiPreview1 preview1()
    {
        return preview1;
    }

    @Override
    public void close()
    {
        preview1.close();
    }
}
