package io.wabric.core.wasi;

import io.wabric.core.WabricException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host directory made visible to the guest under a guest path: wasmtime's {@code --dir HOST::GUEST} syntax.
 *
 * <p>{@code --dir DIR} alone maps DIR to the same path in the guest.
 */
public final class DirMapping
{
    private final Path hostDir;
    private final String guestPath;

    /**
     * @param hostDir   the host directory; it must exist.
     * @param guestPath where the guest sees it.
     */
    public DirMapping(final Path hostDir, final String guestPath)
    {
        this.hostDir = hostDir;
        this.guestPath = guestPath;
    }

    /**
     * Parses {@code HOST::GUEST} or {@code DIR}.
     *
     * @param spec the option's value.
     * @return the mapping.
     * @throws WabricException when the host path is missing or not a directory, or the guest path is empty.
     */
    public static DirMapping parse(final String spec)
    {
        final int separator = spec.indexOf("::");
        final String host = separator < 0 ? spec : spec.substring(0, separator);
        final String guest = separator < 0 ? spec : spec.substring(separator + 2);
        if (host.isEmpty() || guest.isEmpty())
        {
            throw new WabricException("--dir " + spec + ": expected HOST::GUEST or DIR");
        }
        final Path hostDir = Path.of(host);
        if (!Files.isDirectory(hostDir))
        {
            // A file given where a directory belongs used to be reported as missing, which it is not.
            throw new WabricException("--dir " + spec + ": " + (Files.exists(hostDir) ?
                host + " is not a directory; --dir maps a directory, so name the one that holds it" :
                "host directory " + host + " does not exist"));
        }
        return new DirMapping(hostDir, guest);
    }

    /**
     * @return the host directory.
     */
    public Path hostDir()
    {
        return hostDir;
    }

    /**
     * @return the guest path.
     */
    public String guestPath()
    {
        return guestPath;
    }

    @Override
    public String toString()
    {
        return hostDir + "::" + guestPath;
    }
}
