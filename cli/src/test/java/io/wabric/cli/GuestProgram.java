package io.wabric.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test program from {@code tests/run}, built twice: natively with gcc/g++ {@code -O2} and as a module with
 * {@code wabric cc -O2} (or {@code wabric c++}), so the two can be run side by side and compared.
 *
 * <p>Builds are cached in {@code cli/target/guest-programs} under a digest of the source, the guest headers, the
 * flags and {@code GuestToolchain}'s class file, so each program compiles once however many tests and runs use it. {@code wabric} itself always runs in a
 * fresh JVM ({@code java -cp <test class path> io.wabric.cli.WabricCommand}), as a user's shell would run it: its
 * standard streams, exit status and {@code System.exit} are then the real ones.
 */
final class GuestProgram
{
    /** The repository root, passed by surefire as {@code -Dwabric.home}. */
    static final Path HOME = Path.of(System.getProperty("wabric.home", "..")).toAbsolutePath().normalize();
    /** The guest programs' sources. */
    static final Path SOURCES = HOME.resolve("tests").resolve("run");
    /** Where builds, the compile cache and scratch directories go. */
    static final Path WORK = HOME.resolve("cli").resolve("target").resolve("guest-programs");
    /** Wabric's compile cache for these tests, kept apart from the user's. */
    static final Path CACHE = WORK.resolve("compile-cache");
    private static final long PROCESS_TIMEOUT_SECONDS = 120;

    private final String name;
    private final Path nativeExecutable;
    private final Path module;

    private GuestProgram(final String name, final Path nativeExecutable, final Path module)
    {
        this.name = name;
        this.nativeExecutable = nativeExecutable;
        this.module = module;
    }

    /**
     * Builds {@code tests/run/<name>.c} (or {@code .cpp}) with both compilers, or finds the cached builds.
     *
     * @param fileName the source's file name, e.g. {@code "args.c"}.
     * @param extraNativeSources more sources for the native build only (stand-ins for Wabric host functions).
     * @return the program.
     */
    static GuestProgram build(final String fileName, final String... extraNativeSources)
    {
        final boolean cxx = fileName.endsWith(".cpp");
        final Path source = SOURCES.resolve(fileName);
        final String name = fileName.substring(0, fileName.lastIndexOf('.'));
        final List<String> standard = cxx ? List.of("-std=c++17") : List.of();
        try
        {
            Files.createDirectories(WORK);
            final String digest = digest(source, extraNativeSources, standard);
            final Path nativeExecutable = WORK.resolve(name + "-" + digest + ".native");
            final Path module = WORK.resolve(name + "-" + digest + ".wasm");
            if (!Files.isExecutable(nativeExecutable))
            {
                final List<String> command = new ArrayList<>(List.of(cxx ? "g++" : "gcc", "-O2", "-w"));
                command.addAll(standard);
                command.add("-I" + HOME.resolve("guest-sdk").resolve("include"));
                command.add(source.toString());
                for (final String extra : extraNativeSources)
                {
                    command.add(SOURCES.resolve(extra).toString());
                }
                command.add("-o");
                command.add(nativeExecutable.toString());
                command.add("-lm");
                final Result result = run(command, null, null, null);
                if (result.exitCode != 0)
                {
                    throw new IllegalStateException("native build of " + fileName + " failed: " + result.stderr);
                }
            }
            if (!Files.isRegularFile(module))
            {
                final List<String> args = new ArrayList<>(List.of(cxx ? "c++" : "cc", "-O2"));
                args.addAll(standard);
                args.add(source.toString());
                args.add("-o");
                args.add(module.toString());
                final Result result = wabric(args, null, null);
                if (result.exitCode != 0)
                {
                    throw new IllegalStateException("wabric " + args + " failed: " + result.stderr);
                }
            }
            return new GuestProgram(name, nativeExecutable, module);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the program's name, its source file name without the extension.
     */
    String name()
    {
        return name;
    }

    /**
     * @return the program built natively with gcc.
     */
    Path nativeExecutable()
    {
        return nativeExecutable;
    }

    /**
     * @return the module built by {@code wabric cc}.
     */
    Path module()
    {
        return module;
    }

    /**
     * Runs the native build.
     *
     * @param args  its arguments.
     * @param stdin bytes for its standard input, or {@code null} for none.
     * @param env   its whole environment (nothing of the test JVM's is inherited), or {@code null} for empty.
     * @return how it ended.
     */
    Result runNative(final List<String> args, final byte[] stdin, final Map<String, String> env)
    {
        final List<String> command = new ArrayList<>();
        command.add(nativeExecutable.toString());
        command.addAll(args);
        return run(command, stdin, env == null ? Map.of() : env, null);
    }

    /**
     * Runs the native build under a shell prefix such as {@code ulimit -v 65536;} or {@code timeout 1}.
     *
     * @param shellPrefix words put before the program on a {@code bash -c} line.
     * @param args        its arguments (no shell quoting needed: they are passed as positional parameters).
     * @return how it ended.
     */
    Result runNativeUnder(final String shellPrefix, final List<String> args)
    {
        final List<String> command = new ArrayList<>(List.of("bash", "-c", shellPrefix + " \"$0\" \"$@\""));
        command.add(nativeExecutable.toString());
        command.addAll(args);
        return run(command, null, Map.of("PATH", "/usr/bin:/bin"), null);
    }

    /**
     * Runs the module with {@code wabric run}.
     *
     * @param runOptions options for {@code wabric run} before the module ({@code --dir}, {@code --env} ...).
     * @param args       the guest's arguments.
     * @param stdin      bytes for its standard input, or {@code null} for none.
     * @return how it ended.
     */
    Result runWabric(final List<String> runOptions, final List<String> args, final byte[] stdin)
    {
        final List<String> command = new ArrayList<>();
        command.add("run");
        command.addAll(runOptions);
        command.add(module.toString());
        command.addAll(args);
        return wabric(command, stdin, null);
    }

    /**
     * Runs {@code wabric} in a fresh JVM with the test class path, {@code -Dwabric.home} set to the repository and
     * the compile cache under {@code target/}.
     *
     * @param args  the command line after {@code wabric}.
     * @param stdin bytes for its standard input, or {@code null} for none.
     * @param cwd   working directory, or {@code null} for the test's.
     * @return how it ended.
     */
    static Result wabric(final List<String> args, final byte[] stdin, final Path cwd)
    {
        return wabric(args, stdin, cwd, CACHE);
    }

    /**
     * As {@link #wabric(List, byte[], Path)}, with the compile cache at {@code cacheRoot}.
     */
    static Result wabric(final List<String> args, final byte[] stdin, final Path cwd, final Path cacheRoot)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseParallelGC");
        command.add("-XX:-DontCompileHugeMethods");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dwabric.home=" + HOME);
        command.add("-Dwabric.cache.dir=" + cacheRoot);
        command.add(WabricCommand.class.getName());
        command.addAll(args);
        return run(command, stdin, null, cwd);
    }

    /**
     * Runs a process to completion with its streams captured in files (no pipe can fill and block it).
     *
     * @param command the command line.
     * @param stdin   bytes for standard input, or {@code null} for an empty one.
     * @param env     the whole environment, or {@code null} to inherit the test JVM's.
     * @param cwd     working directory, or {@code null} for the test's.
     * @return how it ended.
     */
    static Result run(final List<String> command, final byte[] stdin, final Map<String, String> env, final Path cwd)
    {
        try
        {
            Files.createDirectories(WORK);
            final Path in = Files.createTempFile(WORK, "stdin-", ".bin");
            final Path out = Files.createTempFile(WORK, "stdout-", ".txt");
            final Path err = Files.createTempFile(WORK, "stderr-", ".txt");
            try
            {
                Files.write(in, stdin == null ? new byte[0] : stdin);
                final ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
                if (cwd != null)
                {
                    builder.directory(cwd.toFile());
                }
                if (env != null)
                {
                    builder.environment().clear();
                    builder.environment().putAll(env);
                }
                final long startNs = System.nanoTime();
                final Process process = builder.start();
                if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("still running after " + PROCESS_TIMEOUT_SECONDS + " s: " +
                        command);
                }
                final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                return new Result(process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8), elapsedMs);
            }
            finally
            {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, ex);
        }
    }

    private static String digest(final Path source, final String[] extraSources, final List<String> flags)
        throws IOException
    {
        try
        {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(source));
            for (final String extra : extraSources)
            {
                sha.update(Files.readAllBytes(SOURCES.resolve(extra)));
            }
            try (var headers = Files.walk(HOME.resolve("guest-sdk").resolve("include")))
            {
                for (final Path header : headers.filter(Files::isRegularFile).sorted().toList())
                {
                    sha.update(Files.readAllBytes(header));
                }
            }
            sha.update(String.join(" ", flags).getBytes(StandardCharsets.UTF_8));
            // A change to how `wabric cc` builds (flags, link checks) must rebuild the modules too.
            try (var toolchain = GuestToolchain.class.getResourceAsStream("GuestToolchain.class"))
            {
                sha.update(toolchain.readAllBytes());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** How a process ended: exit status, captured streams and wall time. */
    static final class Result
    {
        /** Highest exit status of a normal exit; Java reports death by signal N as 128 + N. */
        private static final int SIGNAL_BASE = 128;

        final int exitCode;
        final byte[] stdoutBytes;
        final String stdout;
        final String stderr;
        final long elapsedMs;

        Result(final int exitCode, final byte[] stdoutBytes, final String stderr, final long elapsedMs)
        {
            this.exitCode = exitCode;
            this.stdoutBytes = stdoutBytes;
            this.stdout = new String(stdoutBytes, StandardCharsets.UTF_8);
            this.stderr = stderr;
            this.elapsedMs = elapsedMs;
        }

        /**
         * @return true when the process died of a signal (a native crash).
         */
        boolean killedBySignal()
        {
            return exitCode > SIGNAL_BASE && exitCode < SIGNAL_BASE + 32;
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + " after " + elapsedMs + " ms\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }
}
