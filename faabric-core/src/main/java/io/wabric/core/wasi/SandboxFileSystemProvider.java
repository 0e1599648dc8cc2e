package io.wabric.core.wasi;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The provider behind every {@link SandboxFileSystem}: maps each {@link SandboxPath} to a host path with the
 * sandbox's {@link SandboxResolver} (which refuses, with {@link AccessDeniedException}, anything that would leave
 * the root) and delegates to the host's default provider. One instance serves all sandboxes, so a move, copy or
 * hard link between two mapped directories works, each side checked against its own root.
 *
 * <p>What each operation follows: the last name is followed unless {@link LinkOption#NOFOLLOW_LINKS} is given,
 * except for {@code delete}, {@code move}, {@code createDirectory} and the new name of a link, which act on the
 * entry itself, and {@code createLink}, which always links the file a chain of links ends at (so a hard link can
 * never be made to a symbolic link whose meaning changes with its directory). The root itself cannot be deleted,
 * moved, replaced or made a link.
 *
 * <p>Reading attributes through a link in the last name that leads outside fails with
 * {@link NoSuchFileException}, as for a dangling link, and not with {@link AccessDeniedException}: Chicory's
 * {@code fd_readdir} stats every entry, links followed, skips the ones that are missing and fails the whole
 * listing on any other error, so one such link would otherwise make its directory unlistable. Every operation
 * that uses the target (open, list, create, write, set attributes, link, copy) still refuses with
 * {@link AccessDeniedException}.
 *
 * <p>Symbolic links, as Chicory's WASI layer uses them:
 * <ul>
 *     <li>{@link #readSymbolicLink(Path)} returns the absolute sandbox path the link points at (its directory's
 *     real path joined with the target, links on the way resolved, the last name kept), not the literal target.
 *     Chicory follows links by looping on {@code Files.readSymbolicLink} and using the result as a path in its
 *     own right, so a literal relative target would be misread as relative to the root, and a target like
 *     {@code ../d/l} would grow without end instead of being caught as a loop. Its last name is the target's
 *     last name, which is all {@code path_readlink} reports (a target ending in {@code .} or {@code ..} reports
 *     the name of the directory reached, and the root is returned as {@code /.} so that the name is never
 *     null). A target that leaves the root is refused.</li>
 *     <li>{@link #createSymbolicLink(Path, Path, FileAttribute[])} stores a relative target: an absolute sandbox
 *     target becomes the host-relative path from the link's directory; a relative one is kept as given. A target
 *     that would leave the root, or an absolute path of another file system, is refused.</li>
 * </ul>
 */
public final class SandboxFileSystemProvider extends FileSystemProvider
{
    /**
     * The URI scheme, reported only: sandboxes are made by {@link SandboxFileSystems#confine(Path)}.
     */
    public static final String SCHEME = "sandbox";

    static final SandboxFileSystemProvider INSTANCE = new SandboxFileSystemProvider();

    private SandboxFileSystemProvider()
    {
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String getScheme()
    {
        return SCHEME;
    }

    /**
     * Unsupported: see {@link SandboxFileSystems#confine(Path)}.
     *
     * @param uri unused.
     * @param env unused.
     * @return never.
     */
    @Override
    public FileSystem newFileSystem(final URI uri, final Map<String, ?> env)
    {
        throw new UnsupportedOperationException("sandbox file systems are made by SandboxFileSystems.confine, " +
            "not from URI " + uri);
    }

    /**
     * Sandboxes are not looked up by URI.
     *
     * @param uri unused.
     * @return never.
     */
    @Override
    public FileSystem getFileSystem(final URI uri)
    {
        throw new FileSystemNotFoundException("sandbox file systems are not looked up by URI, got " + uri);
    }

    /**
     * Sandboxes are not looked up by URI.
     *
     * @param uri unused.
     * @return never.
     */
    @Override
    public Path getPath(final URI uri)
    {
        throw new FileSystemNotFoundException("sandbox file systems are not looked up by URI, got " + uri);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public SeekableByteChannel newByteChannel(
        final Path path, final Set<? extends OpenOption> options, final FileAttribute<?>... attrs) throws IOException
    {
        final Path host = hostPath(path, !options.contains(LinkOption.NOFOLLOW_LINKS));
        return resolver(path).hostProvider().newByteChannel(host, options, attrs);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public FileChannel newFileChannel(
        final Path path, final Set<? extends OpenOption> options, final FileAttribute<?>... attrs) throws IOException
    {
        final Path host = hostPath(path, !options.contains(LinkOption.NOFOLLOW_LINKS));
        return resolver(path).hostProvider().newFileChannel(host, options, attrs);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(
        final Path path,
        final Set<? extends OpenOption> options,
        final ExecutorService executor,
        final FileAttribute<?>... attrs) throws IOException
    {
        final Path host = hostPath(path, !options.contains(LinkOption.NOFOLLOW_LINKS));
        return resolver(path).hostProvider().newAsynchronousFileChannel(host, options, executor, attrs);
    }

    /**
     * Lists the directory the path resolves to; entries are the given path joined with each name.
     *
     * @param dir    the directory.
     * @param filter applied to the sandbox paths of the entries.
     * @return the stream.
     * @throws IOException when the directory cannot be opened or lies outside the root.
     */
    @Override
    public DirectoryStream<Path> newDirectoryStream(final Path dir, final DirectoryStream.Filter<? super Path> filter)
        throws IOException
    {
        final SandboxPath sandboxDir = sandboxPath(dir);
        final Path host = resolver(dir).hostPath(sandboxDir, true);
        final DirectoryStream<Path> hostStream = resolver(dir).hostProvider().newDirectoryStream(host, (entry) -> true);
        return new SandboxDirectoryStream(sandboxDir, hostStream, filter);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void createDirectory(final Path dir, final FileAttribute<?>... attrs) throws IOException
    {
        resolver(dir).hostProvider().createDirectory(hostPath(dir, false), attrs);
    }

    /**
     * Creates a symbolic link; see the class comment for how the target is stored.
     *
     * @param link   the link to create.
     * @param target where it points.
     * @param attrs  initial attributes.
     * @throws IOException when the target would leave the root, or the host refuses.
     */
    @Override
    public void createSymbolicLink(final Path link, final Path target, final FileAttribute<?>... attrs)
        throws IOException
    {
        final SandboxPath sandboxLink = sandboxPath(link);
        final SandboxResolver resolver = resolver(link);
        final Path hostLink = resolver.hostEntry(sandboxLink);
        final Path hostDir = hostLink.getParent();
        final Path literal = literalTarget(sandboxLink, target, resolver, hostDir);
        resolver.linkTarget(hostDir, literal, false, sandboxLink.toString());
        resolver.hostProvider().createSymbolicLink(hostLink, literal, attrs);
    }

    /**
     * Creates a hard link to the file that {@code existing} resolves to, links followed.
     *
     * @param link     the new name.
     * @param existing the file, in this or another sandbox.
     * @throws IOException when either lies outside its root, or the host refuses.
     */
    @Override
    public void createLink(final Path link, final Path existing) throws IOException
    {
        final Path hostLink = resolver(link).hostEntry(sandboxPath(link));
        final Path hostExisting = hostPath(existing, true);
        resolver(link).hostProvider().createLink(hostLink, hostExisting);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void delete(final Path path) throws IOException
    {
        resolver(path).hostProvider().delete(resolver(path).hostEntry(sandboxPath(path)));
    }

    /**
     * The absolute sandbox path the link points at; see the class comment.
     *
     * @param link the symbolic link.
     * @return where it points, as an absolute sandbox path.
     * @throws IOException when it is no link, or its target leaves the root.
     */
    @Override
    public Path readSymbolicLink(final Path link) throws IOException
    {
        final SandboxPath sandboxLink = sandboxPath(link);
        final SandboxResolver resolver = resolver(link);
        final Path hostLink = resolver.hostPath(sandboxLink, false);
        final Path literal = resolver.hostProvider().readSymbolicLink(hostLink);
        final Path landed = resolver.linkTarget(hostLink.getParent(), literal, false, sandboxLink.toString());
        final SandboxPath result = resolver.sandboxPath(sandboxLink.getFileSystem(), landed);
        return 0 == result.getNameCount() ? result.resolve(".") : result;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void copy(final Path source, final Path target, final CopyOption... options) throws IOException
    {
        final boolean followLinks = !Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS);
        final Path hostSource = hostPath(source, followLinks);
        final Path hostTarget = resolver(target).hostEntry(sandboxPath(target));
        if (!followLinks)
        {
            checkMovedLink(resolver(source), hostSource, resolver(target), hostTarget, target);
        }
        resolver(source).hostProvider().copy(hostSource, hostTarget, options);
    }

    /**
     * Moves the entry itself (a link is moved, not followed).
     *
     * <p>{@link StandardCopyOption#COPY_ATTRIBUTES} is dropped: Chicory's {@code path_rename} passes it beside
     * {@code ATOMIC_MOVE}, which {@link java.nio.file.Files#move} says makes other options ignored, yet the Unix
     * provider rejects it with {@link UnsupportedOperationException}; a move keeps attributes in any case.
     *
     * @param source  the entry to move.
     * @param target  its new name, in this or another sandbox.
     * @param options copy options.
     * @throws IOException when either lies outside its root, is a root, or the host refuses.
     */
    @Override
    public void move(final Path source, final Path target, final CopyOption... options) throws IOException
    {
        final Path hostSource = resolver(source).hostEntry(sandboxPath(source));
        final Path hostTarget = resolver(target).hostEntry(sandboxPath(target));
        checkMovedLink(resolver(source), hostSource, resolver(target), hostTarget, target);
        final CopyOption[] moveOptions = Arrays.stream(options)
            .filter((option) -> StandardCopyOption.COPY_ATTRIBUTES != option)
            .toArray(CopyOption[]::new);
        resolver(source).hostProvider().move(hostSource, hostTarget, moveOptions);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isSameFile(final Path path, final Path other) throws IOException
    {
        if (path.equals(other))
        {
            return true;
        }
        if (!(other instanceof SandboxPath))
        {
            return false;
        }
        return resolver(path).hostProvider().isSameFile(hostPath(path, true), hostPath(other, true));
    }

    /**
     * @param path a sandbox path.
     * @return whether its last name begins with {@code .}, as on Unix.
     */
    @Override
    public boolean isHidden(final Path path)
    {
        final Path fileName = sandboxPath(path).getFileName();
        return null != fileName && fileName.toString().startsWith(".");
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public FileStore getFileStore(final Path path) throws IOException
    {
        return resolver(path).hostProvider().getFileStore(hostPath(path, true));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void checkAccess(final Path path, final AccessMode... modes) throws IOException
    {
        resolver(path).hostProvider().checkAccess(hostPath(path, true), modes);
    }

    /**
     * A view that resolves the path again on every call, so it is confined the same way as the other operations.
     *
     * @param path    the file.
     * @param type    the view's interface.
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to act on a link itself.
     * @param <V>     the view's type.
     * @return the view, or null when the host does not support the type.
     */
    @Override
    public <V extends FileAttributeView> V getFileAttributeView(
        final Path path, final Class<V> type, final LinkOption... options)
    {
        final SandboxResolver resolver = resolver(path);
        if (null == resolver.hostProvider().getFileAttributeView(resolver.realRoot(), type))
        {
            return null;
        }
        return SandboxAttributeView.create(type, sandboxPath(path), followLinks(options));
    }

    /**
     * Reads attributes; a last name that is a link leading outside reads as a dangling link.
     *
     * @param path    the file.
     * @param type    the attributes' type.
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to read a link itself.
     * @param <A>     the attributes' type.
     * @return the attributes.
     * @throws IOException {@link NoSuchFileException} when following a link in the last name would leave the root,
     *                     {@link AccessDeniedException} when an earlier name would.
     */
    @Override
    public <A extends BasicFileAttributes> A readAttributes(
        final Path path, final Class<A> type, final LinkOption... options) throws IOException
    {
        return resolver(path).hostProvider().readAttributes(attributesPath(path, options), type, options);
    }

    /**
     * Reads attributes by name ({@code "unix:*"} is what Chicory asks for); a last name that is a link leading
     * outside reads as a dangling link.
     *
     * @param path       the file.
     * @param attributes the attributes to read.
     * @param options    {@link LinkOption#NOFOLLOW_LINKS} to read a link itself.
     * @return the attributes by name.
     * @throws IOException {@link NoSuchFileException} when following a link in the last name would leave the root,
     *                     {@link AccessDeniedException} when an earlier name would.
     */
    @Override
    public Map<String, Object> readAttributes(final Path path, final String attributes, final LinkOption... options)
        throws IOException
    {
        return resolver(path).hostProvider().readAttributes(attributesPath(path, options), attributes, options);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void setAttribute(final Path path, final String attribute, final Object value, final LinkOption... options)
        throws IOException
    {
        resolver(path).hostProvider().setAttribute(hostPath(path, followLinks(options)), attribute, value, options);
    }

    SandboxPath toRealPath(final SandboxPath path, final LinkOption... options) throws IOException
    {
        final SandboxResolver resolver = resolver(path);
        final Path host = resolver.hostPath(path, followLinks(options));
        resolver.hostProvider().readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return resolver.sandboxPath(path.getFileSystem(), host);
    }

    private static Path attributesPath(final Path path, final LinkOption... options) throws IOException
    {
        final boolean followLinks = followLinks(options);
        try
        {
            return hostPath(path, followLinks);
        }
        catch (final AccessDeniedException ex)
        {
            if (!followLinks)
            {
                throw ex;
            }
            hostPath(path, false);
            final NoSuchFileException dangling =
                new NoSuchFileException(path.toString(), null, ex.getReason() + "; treated as a dangling link");
            dangling.initCause(ex);
            throw dangling;
        }
    }

    static Path hostPath(final Path path, final boolean followLast) throws IOException
    {
        return resolver(path).hostPath(sandboxPath(path), followLast);
    }

    static SandboxResolver resolver(final Path path)
    {
        return sandboxPath(path).getFileSystem().resolver();
    }

    static boolean followLinks(final LinkOption... options)
    {
        for (final LinkOption option : options)
        {
            if (LinkOption.NOFOLLOW_LINKS == option)
            {
                return false;
            }
        }
        return true;
    }

    private static SandboxPath sandboxPath(final Path path)
    {
        if (!(path instanceof SandboxPath))
        {
            throw new ProviderMismatchException("path " + path + " is not a sandbox path");
        }
        return (SandboxPath)path;
    }

    private static Path literalTarget(
        final SandboxPath link, final Path target, final SandboxResolver resolver, final Path hostDir)
        throws IOException
    {
        final FileSystem hostFileSystem = hostDir.getFileSystem();
        if (target.isAbsolute())
        {
            if (!(target instanceof SandboxPath) || target.getFileSystem() != link.getFileSystem())
            {
                throw new AccessDeniedException(link.toString(), target.toString(),
                    "an absolute symbolic link target must be a path of the same sandbox");
            }
            final Path relative = hostDir.relativize(resolver.hostPath((SandboxPath)target, false));
            return relative.toString().isEmpty() ? hostFileSystem.getPath(".") : relative;
        }
        final int count = target.getNameCount();
        if (0 == count || target.toString().isEmpty())
        {
            throw new NoSuchFileException(link.toString(), null, "a symbolic link target must not be empty");
        }
        final String[] more = new String[count - 1];
        for (int i = 1; i < count; i++)
        {
            more[i - 1] = target.getName(i).toString();
        }
        return hostFileSystem.getPath(target.getName(0).toString(), more);
    }

    private static void checkMovedLink(
        final SandboxResolver sourceResolver,
        final Path hostSource,
        final SandboxResolver targetResolver,
        final Path hostTarget,
        final Path target) throws IOException
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = sourceResolver.hostProvider()
                .readAttributes(hostSource, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        if (attributes.isSymbolicLink())
        {
            final Path literal = sourceResolver.hostProvider().readSymbolicLink(hostSource);
            targetResolver.linkTarget(hostTarget.getParent(), literal, false, target.toString());
        }
    }
}
