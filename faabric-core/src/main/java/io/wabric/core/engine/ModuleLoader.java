package io.wabric.core.engine;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Parses, validates and compiles guest modules to JVM bytecode, with compiled code cached on disk by digest.
 *
 * <p>Guest code always runs compiled: a function too large for one JVM method is an error naming the function,
 * never a silent fall back to the (two orders of magnitude slower) interpreter.
 */
public final class ModuleLoader
{
    private final CompiledCodeCache cache;

    /**
     * @param cache where compiled code is kept between runs, or {@code null} to compile every time.
     */
    public ModuleLoader(final CompiledCodeCache cache)
    {
        this.cache = cache;
    }

    /**
     * A loader using {@link CompiledCodeCache#defaultCache()}.
     *
     * @return the loader.
     */
    public static ModuleLoader withDefaultCache()
    {
        return new ModuleLoader(CompiledCodeCache.defaultCache());
    }

    /**
     * Reads, validates and compiles a module file.
     *
     * @param file the {@code .wasm} file.
     * @return the compiled module.
     * @throws InvalidModuleException naming the file and the reason when it is missing, not Wasm or invalid.
     */
    public GuestModule load(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new InvalidModuleException(file + ": no such file");
        }
        catch (final IOException ex)
        {
            throw new InvalidModuleException(file + ": cannot read: " + ex.getMessage());
        }
        return load(file.toString(), bytes);
    }

    /**
     * Validates and compiles module bytes.
     *
     * @param name  the name used in messages.
     * @param bytes the module's binary.
     * @return the compiled module.
     * @throws InvalidModuleException naming the module and the reason when the bytes are not a valid module.
     */
    public GuestModule load(final String name, final byte[] bytes)
    {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm')
        {
            throw new InvalidModuleException(name + ": not a WebAssembly module (no \\0asm magic number at the start" +
                (bytes.length < 8 ? "; file is only " + bytes.length + " bytes)" : ")"));
        }
        final WasmModule module;
        try
        {
            module = Parser.parse(bytes);
        }
        catch (final ChicoryException | IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            throw new InvalidModuleException(name + ": invalid WebAssembly module: " + oneLine(ex));
        }
        if (cache != null)
        {
            try
            {
                return compile(name, module, cache);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                // A corrupt or foreign cache entry (truncated jar, garbage, classes of another engine build) made
                // the module fail to load for good; drop the entry and compile afresh, which rewrites it. A module
                // that really cannot compile fails again below and is reported then.
                cache.evict(module.digest());
            }
        }
        try
        {
            return compile(name, module, cache);
        }
        catch (final ChicoryException ex)
        {
            throw new InvalidModuleException(name + ": cannot compile to JVM bytecode: " + oneLine(ex));
        }
    }

    private static GuestModule compile(final String name, final WasmModule module, final CompiledCodeCache cache)
    {
        final var compiler = MachineFactoryCompiler.builder(module)
            .withInterpreterFallback(InterpreterFallback.FAIL);
        if (cache != null)
        {
            compiler.withCache(cache);
        }
        return new GuestModule(name, module, compiler.compile());
    }

    static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
