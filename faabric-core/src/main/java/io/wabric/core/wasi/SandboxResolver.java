package io.wabric.core.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Maps a {@link SandboxPath} to a host path that lies inside the sandbox root, resolving symbolic links itself so
 * that the operating system never follows one.
 *
 * <p>The walk starts at the root's real path and takes one name at a time. Each existing name is looked at with
 * {@code lstat}: a directory is entered, a symbolic link is read and its target's names are put in front of the
 * names still to walk (an absolute target restarts at the root, and is refused unless it names a place under the
 * root), a missing name ends the walk with the rest appended as they are (they are created by, or fail, the
 * operation). A {@code ..} from the guest's own path stops at the root, as {@code /..} does in POSIX; a
 * {@code ..} from a link target that would climb above the root is refused with an
 * {@link AccessDeniedException}. So is an absolute target outside the root and a chain of more than
 * {@link #MAX_SYMLINKS} links. The host path returned has no symbolic link in any existing name but, when asked,
 * the last.
 *
 * <p><b>Limits.</b> The check and the use are two system calls: a host process (not the guest, whose every call
 * goes through this walk) that swaps a checked directory for a symbolic link between them can redirect the
 * operation. Closing that race needs {@code openat2(RESOLVE_BENEATH)} or a descriptor-relative walk, which
 * {@code java.nio} does not offer; it is out of scope. Hard links that a host process made to files outside the
 * root look like ordinary files and are not detected. Each operation costs one {@code lstat} per name.
 */
final class SandboxResolver
{
    /**
     * Most symbolic links followed in one resolution, Linux's {@code MAXSYMLINKS}.
     */
    static final int MAX_SYMLINKS = 40;

    private final Path hostRoot;
    private final Path realRoot;
    private final FileSystemProvider hostProvider;

    /**
     * @param hostDir the directory to confine to; it must exist.
     * @throws IOException when it does not exist or is not a directory.
     */
    SandboxResolver(final Path hostDir) throws IOException
    {
        this.hostRoot = hostDir.toAbsolutePath().normalize();
        this.realRoot = hostRoot.toRealPath();
        this.hostProvider = realRoot.getFileSystem().provider();
        if (!hostProvider.readAttributes(realRoot, BasicFileAttributes.class).isDirectory())
        {
            throw new NotDirectoryException(hostDir.toString());
        }
    }

    /**
     * @return the real path of the root on the host.
     */
    Path realRoot()
    {
        return realRoot;
    }

    /**
     * @return the host's provider, to which operations on resolved paths are delegated.
     */
    FileSystemProvider hostProvider()
    {
        return hostProvider;
    }

    /**
     * @param path       the sandbox path; relative paths are taken from the root.
     * @param followLast whether a symbolic link in the last name is followed.
     * @return the host path, inside the root.
     * @throws IOException when resolving it would leave the root, or a name before the last is no directory.
     */
    Path hostPath(final SandboxPath path, final boolean followLast) throws IOException
    {
        final Deque<String> pending = new ArrayDeque<>(path.names());
        return walk(realRoot, pending, pending.size(), followLast, path.toString());
    }

    /**
     * Like {@link #hostPath(SandboxPath, boolean)} without following the last name, and refusing the root itself:
     * for operations that remove or replace a directory entry, which for the root would change its parent.
     *
     * @param path the sandbox path.
     * @return the host path, strictly below the root.
     * @throws IOException when the path is the root or resolving it would leave the root.
     */
    Path hostEntry(final SandboxPath path) throws IOException
    {
        final Path host = hostPath(path, false);
        if (host.equals(realRoot))
        {
            throw new AccessDeniedException(path.toString(), null,
                "the sandbox root itself cannot be removed, renamed or replaced");
        }
        return host;
    }

    /**
     * Where a symbolic link's target lands, refusing one that leaves the root.
     *
     * @param hostLinkDir the real host directory holding the link.
     * @param target      the link's target as stored (or about to be stored).
     * @param followLast  whether a symbolic link in the target's last name is followed.
     * @param context     the sandbox path named in errors.
     * @return the host path the target names, inside the root.
     * @throws IOException when the target would leave the root.
     */
    Path linkTarget(final Path hostLinkDir, final Path target, final boolean followLast, final String context)
        throws IOException
    {
        final Deque<String> pending = new ArrayDeque<>();
        final Path start = pushTarget(hostLinkDir, target, pending, context);
        return walk(start, pending, 0, followLast, context);
    }

    /**
     * @param fileSystem the sandbox whose root this resolver confines to.
     * @param host       a host path inside the root.
     * @return its absolute sandbox path.
     */
    SandboxPath sandboxPath(final SandboxFileSystem fileSystem, final Path host)
    {
        if (!host.startsWith(realRoot))
        {
            throw new IllegalStateException("host path is not inside the sandbox root " + realRoot);
        }
        final int count = host.getNameCount() - realRoot.getNameCount();
        final String[] names = new String[count];
        for (int i = 0; i < count; i++)
        {
            names[i] = host.getName(realRoot.getNameCount() + i).toString();
        }
        return new SandboxPath(fileSystem, true, names);
    }

    private Path walk(
        final Path start,
        final Deque<String> pending,
        final int guestNameCount,
        final boolean followLast,
        final String context) throws IOException
    {
        Path current = start;
        int guestRemaining = guestNameCount;
        int linksFollowed = 0;
        while (!pending.isEmpty())
        {
            final boolean fromGuest = pending.size() <= guestRemaining;
            final String name = pending.removeFirst();
            if (fromGuest)
            {
                guestRemaining--;
            }
            if (".".equals(name))
            {
                continue;
            }
            if ("..".equals(name))
            {
                if (current.equals(realRoot))
                {
                    if (!fromGuest)
                    {
                        throw new AccessDeniedException(context, null,
                            "a symbolic link target climbs above the sandbox root with ..");
                    }
                    continue;
                }
                current = current.getParent();
                continue;
            }

            final Path next = child(current, name, context);
            if (pending.isEmpty() && !followLast)
            {
                return next;
            }
            final BasicFileAttributes attributes = lstat(next);
            if (null == attributes)
            {
                return appendMissing(next, pending, context);
            }
            if (attributes.isSymbolicLink())
            {
                if (++linksFollowed > MAX_SYMLINKS)
                {
                    throw new FileSystemException(context, null,
                        "too many levels of symbolic links: more than " + MAX_SYMLINKS);
                }
                current = pushTarget(current, hostProvider.readSymbolicLink(next), pending, context);
                continue;
            }
            if (!pending.isEmpty() && !attributes.isDirectory())
            {
                throw new FileSystemException(context, null, name + " is not a directory");
            }
            current = next;
        }
        return current;
    }

    private Path pushTarget(final Path linkDir, final Path target, final Deque<String> pending, final String context)
        throws IOException
    {
        Path start = linkDir;
        Path relative = target;
        if (target.isAbsolute())
        {
            if (target.startsWith(realRoot))
            {
                relative = realRoot.relativize(target);
            }
            else if (target.startsWith(hostRoot))
            {
                relative = hostRoot.relativize(target);
            }
            else
            {
                throw new AccessDeniedException(context, null,
                    "a symbolic link target is an absolute path outside the sandbox root");
            }
            start = realRoot;
        }
        for (int i = relative.getNameCount() - 1; i >= 0; i--)
        {
            final String name = relative.getName(i).toString();
            if (!name.isEmpty())
            {
                pending.addFirst(name);
            }
        }
        return start;
    }

    private Path appendMissing(final Path missing, final Deque<String> pending, final String context)
        throws IOException
    {
        Path result = missing;
        for (final String name : pending)
        {
            if ("..".equals(name))
            {
                throw new NoSuchFileException(context, null, ".. after the missing name " + missing.getFileName());
            }
            if (!".".equals(name))
            {
                result = child(result, name, context);
            }
        }
        return result;
    }

    private static Path child(final Path directory, final String name, final String context)
        throws AccessDeniedException
    {
        final Path next = directory.resolve(name);
        final Path fileName = next.getFileName();
        if (!directory.equals(next.getParent()) || null == fileName || !name.equals(fileName.toString()))
        {
            throw new AccessDeniedException(context, null, "name '" + name + "' is not a single host file name");
        }
        return next;
    }

    private BasicFileAttributes lstat(final Path host) throws IOException
    {
        try
        {
            return hostProvider.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
    }
}
