package io.wabric.core.engine;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading modules: validation messages and the on-disk cache of compiled code.
 */
final class ModuleLoaderTest
{
    private static final String SQUARE = """
        (module
          (func $square (export "square") (param i32) (result i32)
            local.get 0
            local.get 0
            i32.mul))
        """;

    @Test
    void shouldRunAFunctionTooLargeForOneJvmMethodInTheInterpreterAndSaySo(@TempDir final Path cacheRoot)
    {
        // 40,000 additions of 1000 (sipush, iadd) are more than 64 KiB of JVM bytecode; the small function beside
        // it stays compiled
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            body.append("    i32.const 1000\n    i32.add\n");
        }
        final String wat = "(module\n  (func $huge (export \"huge\") (param i32) (result i32)\n    local.get 0\n" +
            body + "  )\n" + SQUARE.substring(SQUARE.indexOf("(func"), SQUARE.lastIndexOf(')')) + ")\n";
        final List<String> warnings = new java.util.ArrayList<>();
        final GuestModule module = new ModuleLoader(new CompiledCodeCache(cacheRoot), warnings::add)
            .load("huge.wasm", Wat.assemble(wat));

        assertEquals(List.of("huge.wasm: function huge (#0) is too large for one JVM method (64 KiB of bytecode), " +
            "so it runs in Chicory's interpreter, 10-100x slower than compiled code; split it into smaller functions " +
            "to have it compiled"), warnings);
        final var guest = GuestLinker.of(module).instantiate();
        assertEquals(5 + 40_000_000, guest.call("huge", 5)[0]);
        assertEquals(81, guest.call("square", 9)[0]);
        // the cached code keeps the function interpreted, and a load from the cache says so again
        final GuestModule cached = new ModuleLoader(new CompiledCodeCache(cacheRoot), warnings::add)
            .load("again.wasm", Wat.assemble(wat));
        assertEquals(7 + 40_000_000, GuestLinker.of(cached).instantiate().call("huge", 7)[0]);
        assertEquals(2, warnings.size());
        assertEquals(warnings.get(0).replace("huge.wasm: ", "again.wasm: "), warnings.get(1));
    }

    @Test
    void shouldCacheCodeThatPollsGuestInterruptsAndComputesAddressesWithoutBranches(@TempDir final Path cacheRoot)
        throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final GuestModule module = new ModuleLoader(cache).load("count", Wat.assemble("""
            (module
              (memory 1)
              (func (export "count") (param $n i32) (result i32) (local $i i32)
                (loop $again
                  (i32.store offset=4 (i32.and (local.get $i) (i32.const 255)) (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $again (i32.lt_s (local.get $i) (local.get $n))))
                (local.get $i)))
            """));
        assertEquals(100_000, GuestLinker.of(module).instantiate().call("count", 100_000)[0]);

        int polls = 0;
        int volatileChecks = 0;
        int effectiveAddresses = 0;
        int branchingAddresses = 0;
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(entries(cache).get(0))))
        {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null)
            {
                if (entry.getName().endsWith(".class"))
                {
                    final String calls = staticCalls(jar.readAllBytes());
                    polls += count(calls, GuestInterrupts.INTERNAL_NAME + ".poll");
                    volatileChecks += count(calls, "Shaded.checkInterruption");
                    effectiveAddresses += count(calls, GuestAddresses.INTERNAL_NAME + ".effective");
                    branchingAddresses += count(calls, "Shaded.getAddr");
                }
            }
        }
        assertTrue(polls > 0, "no poll in the compiled loop");
        assertEquals(0, volatileChecks);
        assertTrue(effectiveAddresses > 0, "memory accesses compute their address through GuestAddresses");
        assertEquals(0, branchingAddresses);
    }

    private static String staticCalls(final byte[] classFile)
    {
        final StringBuilder calls = new StringBuilder();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9)
        {
            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                final String signature, final String[] exceptions)
            {
                return new MethodVisitor(Opcodes.ASM9)
                {
                    @Override
                    public void visitMethodInsn(final int opcode, final String owner, final String methodName,
                        final String methodDescriptor, final boolean isInterface)
                    {
                        if (opcode == Opcodes.INVOKESTATIC)
                        {
                            calls.append(owner).append('.').append(methodName).append('\n');
                        }
                    }
                };
            }
        }, 0);
        return calls.toString();
    }

    private static int count(final String text, final String what)
    {
        int found = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            found++;
        }
        return found;
    }

    @Test
    void shouldWriteCompiledCodeToCacheOnFirstLoad(@TempDir final Path cacheRoot) throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final GuestModule module = new ModuleLoader(cache).load("square", Wat.assemble(SQUARE));

        final List<Path> entries = entries(cache);
        assertEquals(1, entries.size(), entries::toString);
        assertTrue(entries.get(0).getFileName().toString().endsWith(".jar"));
        assertTrue(entries.get(0).getParent().getFileName().toString().startsWith("chicory-"));
        assertEquals(49, GuestLinker.of(module).instantiate().call("square", 7)[0]);
    }

    @Test
    void shouldLoadFromCacheWithoutRewritingItOnSecondLoad(@TempDir final Path cacheRoot) throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final byte[] bytes = Wat.assemble(SQUARE);
        new ModuleLoader(cache).load("square", bytes);
        final Path entry = entries(cache).get(0);
        final FileTime old = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(entry, old);

        final GuestModule again = new ModuleLoader(new CompiledCodeCache(cacheRoot)).load("square", bytes);

        assertEquals(List.of(entry), entries(cache));
        assertEquals(old, Files.getLastModifiedTime(entry), "a cache hit must not rewrite the entry");
        assertEquals(144, GuestLinker.of(again).instantiate().call("square", 12)[0]);
    }

    @Test
    void shouldServeTheCachedCodeOnSecondLoad(@TempDir final Path cacheRoot) throws IOException
    {
        // Proof the second load runs what the cache holds: swap in the compiled code of another module with the
        // same export, and the second load runs that.
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final byte[] square = Wat.assemble(SQUARE);
        final byte[] cube = Wat.assemble(SQUARE.replace("local.get 0\n    i32.mul",
            "local.get 0\n    i32.mul\n    local.get 0\n    i32.mul"));
        new ModuleLoader(cache).load("square", square);
        final Path squareEntry = entries(cache).get(0);
        new ModuleLoader(cache).load("cube", cube);
        final Path cubeEntry = entries(cache).stream().filter(path -> !path.equals(squareEntry)).findFirst()
            .orElseThrow();
        Files.copy(cubeEntry, squareEntry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        final GuestModule fromCache = new ModuleLoader(cache).load("square", square);
        assertEquals(27, GuestLinker.of(fromCache).instantiate().call("square", 3)[0]);
    }

    @Test
    void shouldRecompileAndRewriteWhenCacheEntryIsCorrupt(@TempDir final Path cacheRoot) throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final byte[] bytes = Wat.assemble(SQUARE);
        new ModuleLoader(cache).load("square", bytes);
        final Path entry = entries(cache).get(0);
        final byte[] good = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(good, good.length / 2));

        final GuestModule module = new ModuleLoader(cache).load("square", bytes);

        assertEquals(25, GuestLinker.of(module).instantiate().call("square", 5)[0]);
        assertEquals(List.of(entry), entries(cache));
        assertEquals(good.length, Files.size(entry), "the corrupt entry is rewritten");
    }

    @Test
    void shouldRecompileWhenCacheEntryIsGarbage(@TempDir final Path cacheRoot) throws IOException
    {
        final CompiledCodeCache cache = new CompiledCodeCache(cacheRoot);
        final byte[] bytes = Wat.assemble(SQUARE);
        new ModuleLoader(cache).load("square", bytes);
        Files.writeString(entries(cache).get(0), "not a jar");

        final GuestModule module = new ModuleLoader(cache).load("square", bytes);
        assertEquals(4, GuestLinker.of(module).instantiate().call("square", 2)[0]);
    }

    @Test
    void shouldStillLoadWhenCacheCannotBeWritten(@TempDir final Path dir) throws IOException
    {
        final Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        final GuestModule module = new ModuleLoader(new CompiledCodeCache(notADirectory)).load("square",
            Wat.assemble(SQUARE));
        assertEquals(9, GuestLinker.of(module).instantiate().call("square", 3)[0]);
    }

    @Test
    void shouldNameFileAndReasonWhenNotWasm()
    {
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            new ModuleLoader(null).load("prog.wasm", "#!/bin/sh\necho hi\n".getBytes()));
        assertTrue(ex.getMessage().startsWith("prog.wasm: not a WebAssembly module"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void shouldNameFileAndReasonWhenTruncated()
    {
        final byte[] bytes = Wat.assemble(SQUARE);
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            new ModuleLoader(null).load("cut.wasm", Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(ex.getMessage().startsWith("cut.wasm: invalid WebAssembly module: "), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }

    @Test
    void shouldGiveTheParsersReasonWithoutItsGenericPrefix()
    {
        final byte[] bytes = Wat.assemble(SQUARE);
        bytes[4] = 2;
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            new ModuleLoader(null).load("v2.wasm", bytes));
        assertEquals("v2.wasm: invalid WebAssembly module: unknown binary version, found: [2, 0, 0, 0] expected: " +
            "[1, 0, 0, 0]", ex.getMessage());
    }

    @Test
    void shouldNameMissingFile(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("missing.wasm");
        final InvalidModuleException ex = assertThrows(InvalidModuleException.class, () ->
            new ModuleLoader(null).load(missing));
        assertEquals(missing + ": no such file", ex.getMessage());
    }

    private static List<Path> entries(final CompiledCodeCache cache) throws IOException
    {
        try (Stream<Path> files = Files.list(cache.directory()))
        {
            return files.sorted().toList();
        }
    }
}
