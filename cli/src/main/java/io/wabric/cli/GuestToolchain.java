package io.wabric.cli;

import io.wabric.core.WabricException;
import io.wabric.core.host.HostModules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds clang command lines for guests the way {@code mpicc} wraps gcc: the wasm32-wasi target, only WASI's
 * headers (never the host's glibc ones), Wabric's guest SDK headers, and link flags that accept exactly the
 * undefined symbols Wabric's host implements.
 *
 * <p>clang-19 with Debian bookworm's wasi-libc, libclang-rt-19-dev-wasm32 and libc++-19-dev-wasm32; installed by
 * {@code scripts/install-toolchain.sh} when missing.
 */
final class GuestToolchain
{
    /** Environment variable naming another clang. */
    static final String CLANG_ENV_NAME = "WABRIC_CLANG";
    static final String CLANG_DEFAULT = "clang-19";
    static final String WASI_SYSROOT = "/usr";
    static final String WASI_INCLUDE = "/usr/include/wasm32-wasi";
    static final String LIBCXX_INCLUDE = "/usr/include/wasm32-wasi/c++/v1";
    /** libc functions that hold the host's libc lock in OpenMP programs (guest-sdk/src/wabric_omp.c). */
    static final List<String> OPENMP_WRAPPED = List.of("malloc", "free", "calloc", "realloc", "posix_memalign",
        "aligned_alloc", "printf", "fprintf", "vprintf", "vfprintf", "fscanf", "scanf", "vfscanf", "puts", "fputs",
        "putchar", "fputc", "putc", "fwrite", "fread", "fflush", "fopen", "fclose", "fgets", "fgetc", "getc", "perror");
    /**
     * Loop shapes that HotSpot's C2 compiles well, passed to every compile of a source file. C2 only unrolls a loop,
     * and only drops its bounds checks, when it can count it: one int counter stepped by a constant and tested with
     * {@code <} against a loop-invariant limit, with the memory indices linear in that counter. LLVM's loop strength
     * reduction turns {@code a[i]} into a pointer stepped by 8 and its linear function test replacement turns
     * {@code i < n} into {@code p != end}; a loop so shaped is not counted, and every iteration pays its bounds checks
     * and a safepoint poll. Unrolled Wasm loops are no better: C2 unrolls by itself once a loop is counted, and an
     * unrolled body is larger than it will unroll. What they gained in {@code bin/wabric bench} is in
     * {@code docs/toolchain.md}.
     */
    static final List<String> LOOP_SHAPING =
        List.of("-fno-unroll-loops", "-mllvm", "-disable-lsr", "-mllvm", "-disable-lftr");
    private static final Pattern SOURCE_FILE = Pattern.compile(".+\\.(c|cc|cp|cpp|cxx|c\\+\\+|C|CPP|i|ii)");
    /** Wasm stack for the main thread; native Linux gives 8 MiB, clang's wasm default is only 64 KiB. */
    static final int STACK_SIZE_DEFAULT_BYTES = 1 << 20;

    private final Path home;
    private final String clang;

    GuestToolchain(final Path home)
    {
        this.home = home;
        final String override = System.getenv(CLANG_ENV_NAME);
        this.clang = override == null || override.isEmpty() ? CLANG_DEFAULT : override;
    }

    /**
     * @return Wabric's installation root: {@code -Dwabric.home}, or two levels above the jar.
     */
    static Path home()
    {
        final String property = System.getProperty("wabric.home");
        if (property != null && !property.isEmpty())
        {
            return Path.of(property);
        }
        try
        {
            final Path jar = Path.of(GuestToolchain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        }
        catch (final Exception ex)
        {
            throw new WabricException("cannot locate Wabric's home directory; set -Dwabric.home", ex);
        }
    }

    Path sdkInclude()
    {
        return home.resolve("guest-sdk").resolve("include");
    }

    /**
     * Makes sure the compiler is installed, running the project's installer when it is not.
     */
    void ensureInstalled()
    {
        if (onPath(clang))
        {
            return;
        }
        final Path installer = home.resolve("scripts").resolve("install-toolchain.sh");
        if (!Files.isExecutable(installer) || !clang.equals(CLANG_DEFAULT))
        {
            throw new WabricException(clang + " not found: install it with scripts/install-toolchain.sh");
        }
        System.err.println("wabric: " + clang + " not found; installing the guest toolchain (once)");
        final int status = runProcess(List.of(installer.toString()));
        if (status != 0 || !onPath(clang))
        {
            throw new WabricException("installing the guest toolchain failed (exit " + status + "); run " + installer +
                " as root");
        }
    }

    /**
     * The full clang command line for user arguments.
     *
     * @param cxx      true for C++.
     * @param userArgs the arguments as given to {@code wabric cc}.
     * @param allowedUndefined file listing the symbols the host provides.
     * @return the command line.
     */
    List<String> command(final boolean cxx, final List<String> userArgs, final Path allowedUndefined)
    {
        return command(cxx, userArgs, allowedUndefined, null);
    }

    /**
     * The full clang command line for user arguments, linking an OpenMP program with Wabric's guest-side
     * support object.
     *
     * @param cxx              true for C++.
     * @param userArgs         the arguments as given to {@code wabric cc}.
     * @param allowedUndefined file listing the symbols the host provides.
     * @param openMpObject     the object {@link #openMpSupportCommand} builds, or {@code null} when not linking
     *                         an OpenMP program.
     * @return the command line.
     */
    List<String> command(
        final boolean cxx, final List<String> userArgs, final Path allowedUndefined, final Path openMpObject)
    {
        for (final String arg : userArgs)
        {
            if (arg.equals("-msimd128") || arg.equals("-mrelaxed-simd"))
            {
                throw new WabricException(arg + ": Wasm SIMD is not supported (Chicory, the engine, compiles no " +
                    "v128 instructions); build without it");
            }
        }
        final List<String> command = new ArrayList<>();
        command.add(cxx ? clang.replace("clang", "clang++") : clang);
        command.add("--target=wasm32-wasi");
        command.add("--sysroot=" + WASI_SYSROOT);
        command.add("-nostdlibinc");
        command.add("-isystem");
        command.add(sdkInclude().toString());
        if (cxx)
        {
            command.add("-isystem");
            command.add(LIBCXX_INCLUDE);
            command.add("-fno-exceptions");
        }
        command.add("-isystem");
        command.add(WASI_INCLUDE);
        command.add("-D__wabric__=1");
        if (openMp(userArgs))
        {
            command.add("-matomics");
            command.add("-mbulk-memory");
            command.add("-fnoopenmp-use-tls");
        }
        if (compilesSources(userArgs))
        {
            // before the user's arguments, so that their -funroll-loops or -mllvm -disable-lsr=false wins
            command.addAll(LOOP_SHAPING);
        }
        command.addAll(userArgs);
        if (links(userArgs) && openMpObject != null)
        {
            command.add(openMpObject.toString());
            for (final String name : OPENMP_WRAPPED)
            {
                // wasm-ld 19 mis-resolves __real_NAME unless NAME's definition is already loaded: -u loads it
                command.add("-Wl,--wrap=" + name);
                command.add("-Wl,-u," + name);
            }
            command.add("-Wl,--export=__stack_pointer");
        }
        if (links(userArgs))
        {
            command.add("-Wl,--allow-undefined-file=" + allowedUndefined);
            command.add("-Wl,-z,stack-size=" + STACK_SIZE_DEFAULT_BYTES);
            // wasi-libc's default printf/scanf abort on long double ("%Lg"); this archive holds the full versions
            // and must come before the driver's own -lc. Costs ~10 KB per module, as gcc's programs get it free.
            command.add("-lc-printscan-long-double");
        }
        return command;
    }

    /**
     * @param userArgs the user's arguments.
     * @return true when they name a C or C++ source file to compile (not only objects or archives to link, where
     * clang reports the {@code -mllvm} options of {@link #LOOP_SHAPING} unused, an error under {@code -Werror}).
     */
    static boolean compilesSources(final List<String> userArgs)
    {
        for (final String arg : userArgs)
        {
            if (!arg.startsWith("-") && SOURCE_FILE.matcher(arg).matches())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param userArgs the user's arguments.
     * @return true when they ask for OpenMP.
     */
    static boolean openMp(final List<String> userArgs)
    {
        for (final String arg : userArgs)
        {
            if (arg.equals("-fopenmp") || arg.startsWith("-fopenmp="))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Compiles Wabric's guest-side OpenMP support (locked libc wrappers, allocator registration) for linking.
     *
     * @param object where to write the object file.
     * @return the clang command line.
     */
    List<String> openMpSupportCommand(final Path object)
    {
        return List.of(clang, "--target=wasm32-wasi", "--sysroot=" + WASI_SYSROOT, "-nostdlibinc", "-isystem",
            WASI_INCLUDE, "-O2", "-matomics", "-mbulk-memory", "-c",
            home.resolve("guest-sdk").resolve("src").resolve("wabric_omp.c").toString(), "-o", object.toString());
    }

    /**
     * @param userArgs the user's arguments.
     * @return true unless the user only compiles, assembles or preprocesses.
     */
    static boolean links(final List<String> userArgs)
    {
        for (final String arg : userArgs)
        {
            if (arg.equals("-c") || arg.equals("-S") || arg.equals("-E") || arg.equals("-M") || arg.equals("-MM") ||
                arg.equals("-fsyntax-only"))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the symbols every host module provides, one per line, for {@code --allow-undefined-file}.
     *
     * @return the file.
     */
    static Path writeAllowedUndefined() throws IOException
    {
        final Set<String> names = HostModules.discover().allProvidedNames();
        final Path file = Files.createTempFile("wabric-host-functions-", ".txt");
        file.toFile().deleteOnExit();
        Files.write(file, names);
        return file;
    }

    static int runProcess(final List<String> command)
    {
        try
        {
            final ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            final Map<String, String> environment = builder.environment();
            environment.put("PATH", pathWithoutWasmOpt(environment.getOrDefault("PATH", "/usr/bin:/bin")));
            return builder.start().waitFor();
        }
        catch (final IOException ex)
        {
            throw new WabricException("cannot run " + command.get(0) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * clang's wasm driver runs binaryen's wasm-opt after linking whenever it finds one on the PATH, which strips the
     * name section Wabric needs for backtraces; hide it.
     */
    private static String pathWithoutWasmOpt(final String path)
    {
        final StringBuilder kept = new StringBuilder();
        for (final String dir : path.split(":"))
        {
            if (!dir.isEmpty() && !Files.exists(Path.of(dir, "wasm-opt")))
            {
                kept.append(kept.length() == 0 ? "" : ":").append(dir);
            }
        }
        return kept.toString();
    }

    private static boolean onPath(final String program)
    {
        if (program.contains("/"))
        {
            return Files.isExecutable(Path.of(program));
        }
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)))
            {
                return true;
            }
        }
        return false;
    }
}
