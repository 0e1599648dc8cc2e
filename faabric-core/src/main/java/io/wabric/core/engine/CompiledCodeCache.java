package io.wabric.core.engine;

import com.dylibso.chicory.compiler.Cache;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An on-disk cache of compiled guest code (JVM class files packed in a jar), keyed by module digest.
 *
 * <p>Compiled code is tied to the engine version that generated it, so entries live in a directory named for
 * that version: {@code <root>/chicory-1.7.5-poll-addr-shift/<sha256>.jar}. Publication writes a temporary file and
 * renames it, so concurrent processes never read a half-written entry; a corrupt entry is ignored and rewritten.
 */
public final class CompiledCodeCache implements Cache
{
    /** System property naming the cache root. */
    public static final String CACHE_DIR_PROP_NAME = "wabric.cache.dir";
    /** Environment variable naming the cache root, used when the property is absent. */
    public static final String CACHE_DIR_ENV_NAME = "WABRIC_CACHE_DIR";
    /**
     * Engine generation: bump with the engine version, or when what Wabric does to the generated classes changes
     * ({@code -poll}: back-edge checks rewritten to {@link GuestInterrupts#poll()} by {@link CompiledCodeRewriter};
     * {@code -addr}: effective addresses to {@link GuestAddresses#effective}; {@code -shift}: scaled indices
     * distributed by {@link ScaledIndexRewriter}). Older generations' directories are
     * left in place, since a Wabric of that version may still be using them: {@code wabric cache clean --older}
     * removes them ({@link #clean}).
     */
    static final String ENGINE_GENERATION = "chicory-1.7.5-poll-addr-shift";
    /** Every generation directory's name starts so; nothing else under a cache root is Wabric's to remove. */
    static final String GENERATION_PREFIX = "chicory-";

    private final Path directory;

    /**
     * @param root the cache root; the engine's generation directory is made under it.
     */
    public CompiledCodeCache(final Path root)
    {
        this.directory = root.resolve(ENGINE_GENERATION);
    }

    /**
     * The cache in the configured location: {@code -Dwabric.cache.dir}, {@code $WABRIC_CACHE_DIR}, or
     * {@code ~/.cache/wabric}.
     *
     * @return the default cache.
     */
    public static CompiledCodeCache defaultCache()
    {
        return new CompiledCodeCache(defaultRoot());
    }

    /**
     * @return the configured cache root: {@code -Dwabric.cache.dir}, {@code $WABRIC_CACHE_DIR}, or
     * {@code ~/.cache/wabric}.
     */
    public static Path defaultRoot()
    {
        String root = System.getProperty(CACHE_DIR_PROP_NAME);
        if (root == null || root.isEmpty())
        {
            root = System.getenv(CACHE_DIR_ENV_NAME);
        }
        if (root == null || root.isEmpty())
        {
            root = Path.of(System.getProperty("user.home"), ".cache", "wabric").toString();
        }
        return Path.of(root);
    }

    /**
     * @return the directory holding this engine generation's entries.
     */
    public Path directory()
    {
        return directory;
    }

    @Override
    public byte[] get(final String key) throws IOException
    {
        final Path entry = entry(key);
        if (!Files.isRegularFile(entry))
        {
            return null;
        }
        try
        {
            return Files.readAllBytes(entry);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    @Override
    public void putIfAbsent(final String key, final byte[] data) throws IOException
    {
        final Path entry = entry(key);
        if (Files.exists(entry))
        {
            return;
        }
        try
        {
            Files.createDirectories(directory);
            final Path temp = Files.createTempFile(directory, "partial-", ".tmp");
            Files.write(temp, data);
            try
            {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final FileAlreadyExistsException | AtomicMoveNotSupportedException ex)
            {
                Files.deleteIfExists(temp);
            }
        }
        catch (final IOException ex)
        {
            // A cache that cannot be written (read-only home, full disk) costs speed, never correctness.
            System.err.println("wabric: warning: cannot write compile cache in " + directory + ": " + ex);
        }
    }

    /**
     * Keeps a note beside an entry: what the compile that wrote it had to say (functions left to the interpreter),
     * so a load from the cache can say it again.
     *
     * @param key  the module digest.
     * @param note one or more lines.
     */
    public void putNote(final String key, final String note)
    {
        try
        {
            Files.createDirectories(directory);
            Files.writeString(noteFile(key), note);
        }
        catch (final IOException ex)
        {
            System.err.println("wabric: warning: cannot write compile cache note in " + directory + ": " + ex);
        }
    }

    /**
     * @param key the module digest.
     * @return the note kept beside the entry, or {@code null} when there is none.
     */
    public String note(final String key)
    {
        final Path file = noteFile(key);
        try
        {
            return Files.isRegularFile(file) && Files.isRegularFile(entry(key)) ? Files.readString(file) : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private Path noteFile(final String key)
    {
        return directory.resolve(key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".note");
    }

    /**
     * Removes an entry that could not be loaded, so the next {@link #putIfAbsent} writes a good one.
     *
     * @param key the module digest.
     */
    public void evict(final String key)
    {
        try
        {
            Files.deleteIfExists(entry(key));
            Files.deleteIfExists(noteFile(key));
        }
        catch (final IOException ex)
        {
            System.err.println("wabric: warning: cannot remove bad compile cache entry " + entry(key) + ": " + ex);
        }
    }

    /**
     * What one engine generation's directory under a cache root holds.
     *
     * @param name    the generation, e.g. {@code chicory-1.7.5-poll-addr-shift}.
     * @param current whether it is this Wabric's generation (older ones are left by earlier Wabric versions).
     * @param modules compiled modules (entries).
     * @param bytes   bytes of every file in it.
     */
    public record Generation(String name, boolean current, int modules, long bytes)
    {
    }

    /**
     * Lists the engine generations under a cache root: this Wabric's and any an earlier version left.
     *
     * @param root the cache root.
     * @return the generations found, by name; empty when the root does not exist.
     * @throws IOException when the root cannot be read.
     */
    public static List<Generation> generations(final Path root) throws IOException
    {
        final List<Generation> generations = new ArrayList<>();
        if (!Files.isDirectory(root))
        {
            return generations;
        }
        try (Stream<Path> children = Files.list(root))
        {
            for (final Path child : children.sorted().toList())
            {
                if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) || !isGeneration(child))
                {
                    continue;
                }
                int modules = 0;
                long bytes = 0;
                try (Stream<Path> files = Files.list(child))
                {
                    for (final Path file : files.toList())
                    {
                        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                        {
                            try
                            {
                                bytes += Files.size(file);
                                modules += file.getFileName().toString().endsWith(".jar") ? 1 : 0;
                            }
                            catch (final NoSuchFileException ex)
                            {
                                // evicted or cleaned by another process meanwhile
                            }
                        }
                    }
                }
                final String name = child.getFileName().toString();
                generations.add(new Generation(name, ENGINE_GENERATION.equals(name), modules, bytes));
            }
        }
        return generations;
    }

    /**
     * Removes compiled code under a cache root: every generation, or only those an earlier Wabric left. Only the
     * generation directories and the files directly in them are touched, never anything else under the root. A
     * process using the cache meanwhile loses nothing but speed: it compiles again and writes a new entry.
     *
     * @param root       the cache root.
     * @param olderOnly  keep this Wabric's generation.
     * @return what was removed.
     * @throws IOException when a file or directory cannot be removed; the message names it.
     */
    public static List<Generation> clean(final Path root, final boolean olderOnly) throws IOException
    {
        final List<Generation> removed = new ArrayList<>();
        for (final Generation generation : generations(root))
        {
            if (olderOnly && generation.current())
            {
                continue;
            }
            final Path directory = root.resolve(generation.name());
            try (Stream<Path> files = Files.list(directory))
            {
                for (final Path file : files.toList())
                {
                    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file))
                    {
                        Files.deleteIfExists(file);
                    }
                }
            }
            try
            {
                Files.deleteIfExists(directory);
            }
            catch (final DirectoryNotEmptyException ex)
            {
                // something other than cache files was put there, or a process wrote an entry meanwhile: kept
            }
            removed.add(generation);
        }
        return removed;
    }

    private static boolean isGeneration(final Path directory)
    {
        return directory.getFileName().toString().startsWith(GENERATION_PREFIX);
    }

    private Path entry(final String key)
    {
        return directory.resolve(key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jar");
    }
}
