package io.wabric.core.engine;

import com.dylibso.chicory.compiler.Cache;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;

/**
 * Rewrites the classes Chicory generates for a module before they are loaded or cached: every call to the
 * generated {@code checkInterruption()} (a volatile read at each loop back-edge) becomes a call to
 * {@link GuestInterrupts#poll()}, which the JIT can keep out of the loop's way, every {@code getAddr(base,
 * offset)} of a load or store (a compare and branch on the base's sign) a call to the branch-free
 * {@link GuestAddresses#effective}, and every scaled index {@code (a + b) << k} the equal {@code (a << k) + (b << k)}
 * that lets the JIT drop bounds checks from loops ({@link ScaledIndexRewriter}).
 *
 * <p>How it hooks in: Chicory's compiler hands its classes, packed in a jar, to a {@link Cache} and loads the classes
 * it has just generated straight from memory, not from the jar. This cache rewrites the jar it is given, keeps it,
 * and stores it in the backing on-disk cache (if any); compiling the module a second time through it then finds the
 * rewritten jar and loads that. {@link ModuleLoader} does so, and every entry of the on-disk cache is rewritten.
 */
final class CompiledCodeRewriter implements Cache
{
    private static final String CHECK_NAME = "checkInterruption";
    private static final String CHECK_DESCRIPTOR = "()V";
    private static final String SHADED_SUFFIX = "Shaded";
    private static final String GET_ADDR_NAME = "getAddr";
    private static final String GET_ADDR_DESCRIPTOR = "(II)I";

    private final Cache backing;
    private String rewrittenKey;
    private byte[] rewritten;

    /**
     * @param backing the on-disk cache, or {@code null} to keep the rewritten classes only for this load.
     */
    CompiledCodeRewriter(final Cache backing)
    {
        this.backing = backing;
    }

    /**
     * @return whether {@link #putIfAbsent} rewrote a freshly compiled module, whose rewritten classes the next
     * compile through this cache loads.
     */
    boolean rewroteFreshCode()
    {
        return rewritten != null;
    }

    @Override
    public byte[] get(final String key) throws IOException
    {
        if (rewritten != null && key.equals(rewrittenKey))
        {
            return rewritten;
        }
        return backing == null ? null : backing.get(key);
    }

    @Override
    public void putIfAbsent(final String key, final byte[] data) throws IOException
    {
        rewrittenKey = key;
        rewritten = rewriteJar(data);
        if (backing != null)
        {
            backing.putIfAbsent(key, rewritten);
        }
    }

    /**
     * @param jar a jar of generated classes (and Chicory's properties entry).
     * @return the same jar with every class rewritten.
     */
    static byte[] rewriteJar(final byte[] jar)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(jar.length + 1024);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar));
            JarOutputStream rewrittenJar = new JarOutputStream(out))
        {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null)
            {
                final byte[] bytes = in.readAllBytes();
                rewrittenJar.putNextEntry(new JarEntry(entry.getName()));
                rewrittenJar.write(entry.getName().endsWith(".class") ? rewriteClass(bytes) : bytes);
                rewrittenJar.closeEntry();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot rewrite the compiled classes of a module", ex);
        }
        return out.toByteArray();
    }

    /**
     * @param classFile one generated class.
     * @return the class with {@code checkInterruption()} calls sent to {@link GuestInterrupts#poll()} and
     * {@code getAddr(int, int)} calls to {@link GuestAddresses#effective}, each with the same operand stack effect as
     * the call it replaces, and scaled indices distributed by {@link ScaledIndexRewriter}, which raises the stack
     * maximum of a method it rewrites by one; no control flow changes, so the stack map frames stay valid.
     */
    static byte[] rewriteClass(final byte[] classFile)
    {
        final ClassReader reader = new ClassReader(classFile);
        final ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer)
        {
            @Override
            public MethodVisitor visitMethod(
                final int access,
                final String name,
                final String descriptor,
                final String signature,
                final String[] exceptions)
            {
                final MethodVisitor target = new ScaledIndexRewriter(access, name, descriptor, signature,
                    exceptions, super.visitMethod(access, name, descriptor, signature, exceptions));
                return new MethodVisitor(Opcodes.ASM9, target)
                {
                    @Override
                    public void visitMethodInsn(
                        final int opcode,
                        final String owner,
                        final String methodName,
                        final String methodDescriptor,
                        final boolean isInterface)
                    {
                        if (opcode == Opcodes.INVOKESTATIC && CHECK_NAME.equals(methodName) &&
                            CHECK_DESCRIPTOR.equals(methodDescriptor) && owner.endsWith(SHADED_SUFFIX))
                        {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestInterrupts.INTERNAL_NAME,
                                GuestInterrupts.POLL_NAME, CHECK_DESCRIPTOR, false);
                        }
                        else if (opcode == Opcodes.INVOKESTATIC && GET_ADDR_NAME.equals(methodName) &&
                            GET_ADDR_DESCRIPTOR.equals(methodDescriptor) && owner.endsWith(SHADED_SUFFIX))
                        {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestAddresses.INTERNAL_NAME,
                                GuestAddresses.EFFECTIVE_NAME, GET_ADDR_DESCRIPTOR, false);
                        }
                        else
                        {
                            super.visitMethodInsn(opcode, owner, methodName, methodDescriptor, isInterface);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
