package io.wabric.core.engine;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses, validates and compiles guest modules to JVM bytecode, with compiled code cached on disk by digest.
 *
 * <p>Guest code runs compiled, one JVM method per Wasm function. A function too large for one JVM method (64 KiB of
 * bytecode: big generated code, interpreter loops such as SQLite's) runs in Chicory's interpreter instead, one or
 * two orders of magnitude slower but correct, and never silently: the loader names each such function in a warning
 * when it compiles the module, and again on every load from the cache (a note kept beside the cached code).
 */
public final class ModuleLoader
{
    /** Chicory's message for a function too large for a JVM method names it so. */
    private static final Pattern TOO_LARGE = Pattern.compile("exceeds the Java method size limits.*WASM function " +
        "index: (\\d+)", Pattern.DOTALL);

    /** Chicory's message for an instruction its compiler lacks, when the instruction is a SIMD one. */
    private static final Pattern SIMD =
        Pattern.compile("Unhandled opcode: ((?:V128|[IF](?:8X16|16X8|32X4|64X2))\\w*)");

    private final CompiledCodeCache cache;
    private final Consumer<String> warnings;

    /**
     * @param cache where compiled code is kept between runs, or {@code null} to compile every time.
     */
    public ModuleLoader(final CompiledCodeCache cache)
    {
        this(cache, warning -> System.err.println("wabric: " + warning));
    }

    /**
     * @param cache    where compiled code is kept between runs, or {@code null} to compile every time.
     * @param warnings receives one line per function that must run interpreted.
     */
    public ModuleLoader(final CompiledCodeCache cache, final Consumer<String> warnings)
    {
        this.cache = cache;
        this.warnings = warnings;
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
            // Chicory's parser re-throws every MalformedException with the same generic prefix ("section size
            // mismatch, unexpected end of section or function, ", wording the spec tests match) in front of the
            // real reason: report the reason it wrapped
            final Throwable reason = ex instanceof MalformedException && ex.getCause() instanceof MalformedException ?
                ex.getCause() : ex;
            throw new InvalidModuleException(name + ": invalid WebAssembly module: " + oneLine(reason));
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
            final Matcher simd = SIMD.matcher(String.valueOf(ex.getMessage()));
            if (simd.find())
            {
                throw new InvalidModuleException(name + ": uses Wasm SIMD (" + simd.group(1) + "), which Wabric " +
                    "cannot run (Chicory compiles no v128 instructions): rebuild without -msimd128");
            }
            throw new InvalidModuleException(name + ": cannot compile to JVM bytecode: " + oneLine(ex));
        }
    }

    /**
     * Compiles, and each time Chicory reports a function too large for a JVM method, warns and compiles again with
     * that function left to the interpreter (Chicory stops at the first such function it meets).
     */
    private GuestModule compile(final String name, final WasmModule module, final CompiledCodeCache cache)
    {
        final String note = cache == null ? null : cache.note(module.digest());
        if (note != null)
        {
            // compiled before, with functions left to the interpreter: say so again, as that compile did
            note.lines().forEach(line -> warnings.accept(name + ": " + line));
        }
        final Set<Integer> interpreted = new TreeSet<>();
        final StringBuilder notes = new StringBuilder();
        while (true)
        {
            final CompiledCodeRewriter rewriter = new CompiledCodeRewriter(cache);
            final var compiler = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .withCache(rewriter);
            if (!interpreted.isEmpty())
            {
                compiler.withInterpretedFunctions(interpreted);
            }
            try
            {
                Function<Instance, Machine> machines = compiler.compile();
                if (rewriter.rewroteFreshCode())
                {
                    // freshly compiled: Chicory loaded the classes as generated; the same builder now finds the
                    // rewritten ones in the cache (keyed by module digest alone) and loads those instead
                    machines = compiler.compile();
                }
                final GuestModule compiled = new GuestModule(name, module, machines);
                if (cache != null && notes.length() > 0)
                {
                    cache.putNote(module.digest(), notes.toString());
                }
                return compiled;
            }
            catch (final ChicoryException ex)
            {
                final Matcher tooLarge = TOO_LARGE.matcher(String.valueOf(ex.getMessage()));
                final int function = tooLarge.find() ? Integer.parseInt(tooLarge.group(1)) : -1;
                if (function < 0 || !interpreted.add(function))
                {
                    throw ex;
                }
                final String warning = "function " + describe(module, function) + " is too large for one JVM " +
                    "method (64 KiB of bytecode), so it runs in Chicory's interpreter, 10-100x slower than compiled " +
                    "code; split it into smaller functions to have it compiled";
                notes.append(warning).append('\n');
                warnings.accept(name + ": " + warning);
            }
        }
    }

    private static String describe(final WasmModule module, final int function)
    {
        final String symbol = module.nameSection() == null ? null : module.nameSection().nameOfFunction(function);
        return symbol == null ? "#" + function : symbol + " (#" + function + ")";
    }

    static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
