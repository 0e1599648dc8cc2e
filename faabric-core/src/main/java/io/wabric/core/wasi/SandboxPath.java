package io.wabric.core.wasi;

import java.io.File;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A path as the guest sees it inside a {@link SandboxFileSystem}: {@code /} is the sandbox root, names are
 * separated by {@code /}, and nothing here refers to the host.
 *
 * <p>Every method of this class is lexical, like {@link java.nio.file.Path} on Unix: {@link #normalize()} drops
 * {@code .} and folds {@code ..}, clamping at the root ({@code /..} is {@code /}, as in POSIX). Mapping to a host
 * path, with the checks that keep it inside the root, is done by {@link SandboxResolver} when a
 * {@link SandboxFileSystemProvider} operation runs. A relative path is taken relative to the sandbox root.
 *
 * <p>{@link #toString()} is the guest-visible form ({@code /a/b} or {@code a/b}); it never contains the host
 * directory. {@link #toUri()} and {@link #toFile()} are unsupported, so that no caller can step around the
 * confinement through {@link java.io.File} or a {@code file:} URI.
 */
public final class SandboxPath implements Path
{
    private static final String[] NO_NAMES = new String[0];

    private final SandboxFileSystem fileSystem;
    private final boolean absolute;
    private final String[] names;
    private String string;

    SandboxPath(final SandboxFileSystem fileSystem, final boolean absolute, final String[] names)
    {
        this.fileSystem = fileSystem;
        this.absolute = absolute;
        this.names = names;
    }

    static SandboxPath parse(final SandboxFileSystem fileSystem, final String input)
    {
        if (input.indexOf('\0') >= 0)
        {
            throw new InvalidPathException(input, "nul character not allowed in a sandbox path");
        }
        final List<String> names = new ArrayList<>();
        for (final String name : input.split("/"))
        {
            if (!name.isEmpty())
            {
                names.add(name);
            }
        }
        return new SandboxPath(fileSystem, input.startsWith("/"), names.toArray(NO_NAMES));
    }

    /**
     * @return the names of this path, {@code .} and {@code ..} included; a copy.
     */
    List<String> names()
    {
        return Arrays.asList(names.clone());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public SandboxFileSystem getFileSystem()
    {
        return fileSystem;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean isAbsolute()
    {
        return absolute;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path getRoot()
    {
        return absolute ? fileSystem.rootPath() : null;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path getFileName()
    {
        return names.length == 0 ? null : new SandboxPath(fileSystem, false, new String[] {names[names.length - 1]});
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path getParent()
    {
        if (names.length == 0)
        {
            return null;
        }
        if (names.length == 1)
        {
            return getRoot();
        }
        return new SandboxPath(fileSystem, absolute, Arrays.copyOf(names, names.length - 1));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int getNameCount()
    {
        return names.length;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path getName(final int index)
    {
        if (index < 0 || index >= names.length)
        {
            throw new IllegalArgumentException("index=" + index + " for " + this + ": must be in [0, " +
                names.length + ")");
        }
        return new SandboxPath(fileSystem, false, new String[] {names[index]});
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path subpath(final int beginIndex, final int endIndex)
    {
        if (beginIndex < 0 || beginIndex >= endIndex || endIndex > names.length)
        {
            throw new IllegalArgumentException("beginIndex=" + beginIndex + " endIndex=" + endIndex + " for " +
                this + ": need 0 <= beginIndex < endIndex <= " + names.length);
        }
        return new SandboxPath(fileSystem, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean startsWith(final Path other)
    {
        if (!(other instanceof SandboxPath))
        {
            return false;
        }
        final SandboxPath that = (SandboxPath)other;
        if (that.fileSystem != fileSystem || that.absolute != absolute || that.names.length > names.length)
        {
            return false;
        }
        return Arrays.equals(names, 0, that.names.length, that.names, 0, that.names.length);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean endsWith(final Path other)
    {
        if (!(other instanceof SandboxPath))
        {
            return false;
        }
        final SandboxPath that = (SandboxPath)other;
        if (that.fileSystem != fileSystem)
        {
            return false;
        }
        if (that.absolute)
        {
            return equals(that);
        }
        if (that.names.length == 0)
        {
            return names.length == 0 && !absolute;
        }
        if (that.names.length > names.length)
        {
            return false;
        }
        final int offset = names.length - that.names.length;
        return Arrays.equals(names, offset, names.length, that.names, 0, that.names.length);
    }

    /**
     * Lexical normalisation: {@code .} dropped, {@code name/..} folded, {@code ..} at the root of an absolute
     * path dropped; leading {@code ..} of a relative path kept.
     *
     * @return the normalised path.
     */
    @Override
    public Path normalize()
    {
        final List<String> kept = new ArrayList<>(names.length);
        for (final String name : names)
        {
            if (".".equals(name))
            {
                continue;
            }
            if ("..".equals(name))
            {
                if (!kept.isEmpty() && !"..".equals(kept.get(kept.size() - 1)))
                {
                    kept.remove(kept.size() - 1);
                    continue;
                }
                if (absolute)
                {
                    continue;
                }
            }
            kept.add(name);
        }
        return new SandboxPath(fileSystem, absolute, kept.toArray(NO_NAMES));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path resolve(final Path other)
    {
        final SandboxPath that = checkSameFileSystem(other);
        if (that.absolute)
        {
            return that;
        }
        if (that.names.length == 0)
        {
            return this;
        }
        final String[] joined = Arrays.copyOf(names, names.length + that.names.length);
        System.arraycopy(that.names, 0, joined, names.length, that.names.length);
        return new SandboxPath(fileSystem, absolute, joined);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path relativize(final Path other)
    {
        final SandboxPath that = checkSameFileSystem(other);
        if (that.absolute != absolute)
        {
            throw new IllegalArgumentException("cannot relativize " + that + " against " + this +
                ": one is absolute and the other relative");
        }
        int common = 0;
        while (common < names.length && common < that.names.length && names[common].equals(that.names[common]))
        {
            common++;
        }
        final List<String> result = new ArrayList<>();
        for (int i = common; i < names.length; i++)
        {
            result.add("..");
        }
        result.addAll(Arrays.asList(that.names).subList(common, that.names.length));
        return new SandboxPath(fileSystem, false, result.toArray(NO_NAMES));
    }

    /**
     * Always refused: a URI would name the host file and let a caller open it without the sandbox.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public URI toUri()
    {
        throw new UnsupportedOperationException("sandbox path " + this + " has no URI: it must not escape the " +
            "sandbox file system");
    }

    /**
     * Always refused: a {@link File} would bypass the confinement.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public File toFile()
    {
        throw new UnsupportedOperationException("sandbox path " + this + " has no java.io.File: it must not " +
            "escape the sandbox file system");
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Path toAbsolutePath()
    {
        return absolute ? this : fileSystem.rootPath().resolve(this);
    }

    /**
     * The path of the file with every symbolic link resolved (inside the sandbox) and no {@code .} or {@code ..}.
     *
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to leave a link in the last name unresolved.
     * @return the absolute sandbox path of the file.
     * @throws java.io.IOException when the file does not exist or resolving it would leave the sandbox.
     */
    @Override
    public Path toRealPath(final LinkOption... options) throws java.io.IOException
    {
        return fileSystem.provider().toRealPath(this, options);
    }

    /**
     * Unsupported: the sandbox has no watch service.
     *
     * @param watcher   unused.
     * @param events    unused.
     * @param modifiers unused.
     * @return never.
     */
    @Override
    public WatchKey register(
        final WatchService watcher, final WatchEvent.Kind<?>[] events, final WatchEvent.Modifier... modifiers)
    {
        throw new UnsupportedOperationException("watch services are not supported in the sandbox, path " + this);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public Iterator<Path> iterator()
    {
        return new Iterator<>()
        {
            private int index;

            @Override
            public boolean hasNext()
            {
                return index < names.length;
            }

            @Override
            public Path next()
            {
                if (index >= names.length)
                {
                    throw new NoSuchElementException("no name " + index + " in " + SandboxPath.this);
                }
                return getName(index++);
            }
        };
    }

    /**
     * Orders by the guest-visible string.
     *
     * @param other another sandbox path.
     * @return the comparison of the two strings.
     */
    @Override
    public int compareTo(final Path other)
    {
        return toString().compareTo(((SandboxPath)other).toString());
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof SandboxPath))
        {
            return false;
        }
        final SandboxPath that = (SandboxPath)other;
        return that.fileSystem == fileSystem && that.absolute == absolute && Arrays.equals(that.names, names);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(names) + (absolute ? 1 : 0);
    }

    /**
     * @return the guest-visible form, {@code /a/b} or {@code a/b}; {@code /} for the root, empty for the empty
     * path.
     */
    @Override
    public String toString()
    {
        String result = string;
        if (result == null)
        {
            result = (absolute ? "/" : "") + String.join("/", names);
            string = result;
        }
        return result;
    }

    private SandboxPath checkSameFileSystem(final Path other)
    {
        if (!(other instanceof SandboxPath) || ((SandboxPath)other).fileSystem != fileSystem)
        {
            throw new ProviderMismatchException("path " + other + " is not of the same sandbox file system as " +
                this);
        }
        return (SandboxPath)other;
    }
}
