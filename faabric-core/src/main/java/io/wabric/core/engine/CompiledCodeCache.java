package io.wabric.core.engine;

import com.dylibso.chicory.compiler.Cache;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
     * left in place: a Wabric of that version may still be using them.
     */
    static final String ENGINE_GENERATION = "chicory-1.7.5-poll-addr-shift";

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
        String root = System.getProperty(CACHE_DIR_PROP_NAME);
        if (root == null || root.isEmpty())
        {
            root = System.getenv(CACHE_DIR_ENV_NAME);
        }
        if (root == null || root.isEmpty())
        {
            root = Path.of(System.getProperty("user.home"), ".cache", "wabric").toString();
        }
        return new CompiledCodeCache(Path.of(root));
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

    private Path entry(final String key)
    {
        return directory.resolve(key.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jar");
    }
}
