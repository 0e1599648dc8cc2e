package io.wabric.core.wasi;

import io.wabric.core.WabricException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry point to confined file systems: {@link #confine(Path)} turns a host directory into the root of a
 * {@link SandboxFileSystem}, which is what Chicory's WASI layer gets as a preopened directory.
 *
 * <pre>{@code
 * options.withDirectory("/data", SandboxFileSystems.confine(Path.of("/srv/job-42")));
 * }</pre>
 *
 * <p>Chicory resolves guest paths with {@code directory.getFileSystem().getPath(raw)} and
 * {@code directory.resolve(...)}, and calls {@link java.nio.file.Files} on the result; every such call then goes
 * through {@link SandboxFileSystemProvider}, which keeps it inside the directory. See {@link SandboxFileSystem}
 * for the threat model and its limits.
 */
public final class SandboxFileSystems
{
    private SandboxFileSystems()
    {
    }

    /**
     * @param hostDir the host directory; it must exist. Its real path at this call is the root from then on.
     * @return the root ({@code /}) of a new file system confining every operation to {@code hostDir}.
     * @throws WabricException when {@code hostDir} does not exist or is not a directory.
     */
    public static Path confine(final Path hostDir)
    {
        try
        {
            return new SandboxFileSystem(SandboxFileSystemProvider.INSTANCE, hostDir).rootPath();
        }
        catch (final IOException ex)
        {
            throw new WabricException("cannot confine to host directory " + hostDir + ": " + ex.getMessage() +
                "; it must be an existing directory", ex);
        }
    }
}
