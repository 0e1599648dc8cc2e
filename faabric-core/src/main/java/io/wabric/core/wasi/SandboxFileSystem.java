package io.wabric.core.wasi;

import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Set;

/**
 * A file system whose {@code /} is one host directory and from which no path leads out of it: not with
 * {@code ..}, not with an absolute path, not through a symbolic link.
 *
 * <p><b>Threat model.</b> The guest controls every path string and may create, rename and remove files and
 * symbolic links inside the root; it is assumed hostile. Every operation of {@link SandboxFileSystemProvider}
 * first maps its paths with {@link SandboxResolver}, which resolves symbolic links itself and refuses (with
 * {@link java.nio.file.AccessDeniedException}) a link whose target would leave the root, then hands a host path
 * free of links to the host provider. Host processes are trusted: one that races the guest by swapping a checked
 * directory for a link between the check and the use is out of scope, as are hard links the host made to files
 * outside (see {@link SandboxResolver}). Links are checked when made, but moving a directory can change where
 * relative links inside it point; such a link is refused when followed, which is the check that counts.
 *
 * <p>Created only by {@link SandboxFileSystems#confine(Path)}; it is not installed as a provider for a URI
 * scheme. Closing it makes further operations throw {@link ClosedFileSystemException}; channels already open
 * stay open.
 */
public final class SandboxFileSystem extends FileSystem
{
    private final SandboxFileSystemProvider provider;
    private final SandboxResolver resolver;
    private final SandboxPath rootPath;
    private volatile boolean closed;

    SandboxFileSystem(final SandboxFileSystemProvider provider, final Path hostDir) throws IOException
    {
        this.provider = provider;
        this.resolver = new SandboxResolver(hostDir);
        this.rootPath = new SandboxPath(this, true, new String[0]);
    }

    SandboxResolver resolver()
    {
        ensureOpen();
        return resolver;
    }

    SandboxPath rootPath()
    {
        return rootPath;
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new ClosedFileSystemException();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public SandboxFileSystemProvider provider()
    {
        return provider;
    }

    /**
     * Marks this file system closed; the host directory is untouched.
     */
    @Override
    public void close()
    {
        closed = true;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isOpen()
    {
        return !closed;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isReadOnly()
    {
        return false;
    }

    /**
     * @return {@code /}, whatever the host uses.
     */
    @Override
    public String getSeparator()
    {
        return "/";
    }

    /**
     * @return the single root, {@code /}.
     */
    @Override
    public Iterable<Path> getRootDirectories()
    {
        return List.of(rootPath);
    }

    /**
     * @return the store holding the root, or none when it cannot be read.
     */
    @Override
    public Iterable<FileStore> getFileStores()
    {
        try
        {
            return List.of(resolver.hostProvider().getFileStore(resolver.realRoot()));
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Set<String> supportedFileAttributeViews()
    {
        return resolver.realRoot().getFileSystem().supportedFileAttributeViews();
    }

    /**
     * Joins the non-empty parts with {@code /}, as the Unix file system does.
     *
     * @param first the first part.
     * @param more  further parts.
     * @return the sandbox path.
     * @throws java.nio.file.InvalidPathException when a part contains a nul character.
     */
    @Override
    public SandboxPath getPath(final String first, final String... more)
    {
        if (more.length == 0)
        {
            return SandboxPath.parse(this, first);
        }
        final StringBuilder joined = new StringBuilder(first);
        for (final String part : more)
        {
            if (!part.isEmpty())
            {
                if (joined.length() > 0)
                {
                    joined.append('/');
                }
                joined.append(part);
            }
        }
        return SandboxPath.parse(this, joined.toString());
    }

    /**
     * Matches {@code glob:} and {@code regex:} patterns against the guest-visible path string, with the host's
     * Unix-style matcher.
     *
     * @param syntaxAndPattern {@code glob:PATTERN} or {@code regex:PATTERN}.
     * @return the matcher.
     */
    @Override
    public PathMatcher getPathMatcher(final String syntaxAndPattern)
    {
        final FileSystem hostFileSystem = resolver.realRoot().getFileSystem();
        final PathMatcher hostMatcher = hostFileSystem.getPathMatcher(syntaxAndPattern);
        return (path) -> hostMatcher.matches(hostFileSystem.getPath(path.toString()));
    }

    /**
     * Unsupported: user and group lookups are host information the guest does not need.
     *
     * @return never.
     */
    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService()
    {
        throw new UnsupportedOperationException("user principal lookup is not supported in the sandbox");
    }

    /**
     * Unsupported: the sandbox has no watch service.
     *
     * @return never.
     */
    @Override
    public WatchService newWatchService()
    {
        throw new UnsupportedOperationException("watch services are not supported in the sandbox");
    }

    /**
     * @return the guest-visible description; the host directory is not shown.
     */
    @Override
    public String toString()
    {
        return "SandboxFileSystem{open=" + !closed + "}";
    }
}
