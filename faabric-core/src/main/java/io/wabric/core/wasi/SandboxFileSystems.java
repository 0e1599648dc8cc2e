package io.wabric.core.wasi;

import java.nio.file.Path;

/**
 * Placeholder entry point for confined file systems; replaced by the real confinement.
 */
public final class SandboxFileSystems
{
    private SandboxFileSystems()
    {
    }

    /**
     * @param hostDir the host directory.
     * @return a path whose file system confines every operation to {@code hostDir}.
     */
    public static Path confine(final Path hostDir)
    {
        return hostDir.toAbsolutePath().normalize();
    }
}
