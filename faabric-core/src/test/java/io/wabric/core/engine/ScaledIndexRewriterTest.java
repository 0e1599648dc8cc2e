package io.wabric.core.engine;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ScaledIndexRewriter}: {@code (a + b) << k} becomes {@code (a << k) + (b << k)}, which must give the same
 * int for every input, wrapping sums and shift counts of 32 and more included, and nothing else may change.
 */
final class ScaledIndexRewriterTest
{
    private static final String CLASS_NAME = "io/wabric/core/engine/ScaledIndexSample";
    private static final int[] SHIFT_COUNTS = {0, 1, 3, 5, 8, 31, 32, 35, 100};

    @Test
    void shouldComputeTheSameScaledIndexForEveryInputInCompiledGuestCode()
    {
        final StringBuilder functions = new StringBuilder();
        for (final int count : SHIFT_COUNTS)
        {
            functions.append("(func (export \"scaled").append(count).append("\") (param $a i32) (param $b i32) " +
                "(result i32) (i32.shl (i32.add (local.get $a) (local.get $b)) (i32.const ").append(count)
                .append(")))\n");
        }
        final Guest guest = GuestLinker.of(new ModuleLoader(null).load("scaled", Wat.assemble(
            "(module\n" + functions + ")"))).instantiate();

        final SplittableRandom random = new SplittableRandom(42);
        final List<int[]> inputs = new ArrayList<>(List.of(new int[] {Integer.MAX_VALUE, 1},
            new int[] {Integer.MIN_VALUE, -1}, new int[] {-8, 16}, new int[] {0x7fff_fff0, 0x100}, new int[] {0, 0}));
        for (int i = 0; i < 200; i++)
        {
            inputs.add(new int[] {random.nextInt(), random.nextInt()});
        }
        for (final int count : SHIFT_COUNTS)
        {
            for (final int[] in : inputs)
            {
                assertEquals((in[0] + in[1]) << count,
                    (int)guest.call("scaled" + count, in[0] & 0xffff_ffffL, in[1] & 0xffff_ffffL)[0],
                    in[0] + " + " + in[1] + " << " + count);
            }
        }
    }

    @Test
    void shouldDistributeTheShiftOnlyOverTwoLoadedLocals() throws Exception
    {
        final byte[] rewritten = CompiledCodeRewriter.rewriteClass(sample());

        assertEquals(List.of("ILOAD", "ICONST_3", "ISHL", "ILOAD", "ICONST_3", "ISHL", "IADD", "IRETURN"),
            opcodes(rewritten, "scaled"));
        assertEquals(List.of("ILOAD", "ILOAD", "IADD", "ILOAD", "IADD", "BIPUSH", "ISHL", "IRETURN"),
            opcodes(rewritten, "threeTerms"), "only a sum of exactly two loads is rewritten");
        assertEquals(List.of("ILOAD", "ILOAD", "IADD", "GOTO", "LABEL", "ICONST_3", "ISHL", "IRETURN"),
            opcodes(rewritten, "split"), "a jump and a label inside the window keep it as it was");
        assertEquals(List.of("ILOAD", "ILOAD", "ICONST_2", "ISHL", "ILOAD", "ICONST_2", "ISHL", "IADD", "IADD",
            "IRETURN"), opcodes(rewritten, "threeLoads"), "the last two of three loads are the window");

        final Class<?> loaded = MethodHandles.lookup().defineClass(rewritten);
        final Method scaled = loaded.getMethod("scaled", int.class, int.class);
        final Method threeTerms = loaded.getMethod("threeTerms", int.class, int.class, int.class);
        final Method split = loaded.getMethod("split", int.class, int.class);
        final Method threeLoads = loaded.getMethod("threeLoads", int.class, int.class, int.class);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++)
        {
            final int a = random.nextInt();
            final int b = random.nextInt();
            final int c = random.nextInt();
            assertEquals((a + b) << 3, scaled.invoke(null, a, b));
            assertEquals((a + b + c) << 40, threeTerms.invoke(null, a, b, c));
            assertEquals((a + b) << 3, split.invoke(null, a, b));
            assertEquals(a + ((b + c) << 2), threeLoads.invoke(null, a, b, c));
        }
    }

    /** A class shaped like Chicory's output: static int methods over int locals. */
    private static byte[] sample()
    {
        final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, CLASS_NAME, null, "java/lang/Object", null);
        final Label target = new Label();
        method(writer, "scaled", "(II)I", code ->
        {
            code.visitVarInsn(Opcodes.ILOAD, 0);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.IADD);
            code.visitInsn(Opcodes.ICONST_3);
            code.visitInsn(Opcodes.ISHL);
        });
        method(writer, "threeTerms", "(III)I", code ->
        {
            code.visitVarInsn(Opcodes.ILOAD, 0);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.IADD);
            code.visitVarInsn(Opcodes.ILOAD, 2);
            code.visitInsn(Opcodes.IADD);
            code.visitIntInsn(Opcodes.BIPUSH, 40);
            code.visitInsn(Opcodes.ISHL);
        });
        method(writer, "split", "(II)I", code ->
        {
            code.visitVarInsn(Opcodes.ILOAD, 0);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.IADD);
            code.visitJumpInsn(Opcodes.GOTO, target);
            code.visitLabel(target);
            code.visitInsn(Opcodes.ICONST_3);
            code.visitInsn(Opcodes.ISHL);
        });
        method(writer, "threeLoads", "(III)I", code ->
        {
            code.visitVarInsn(Opcodes.ILOAD, 0);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitVarInsn(Opcodes.ILOAD, 2);
            code.visitInsn(Opcodes.IADD);
            code.visitInsn(Opcodes.ICONST_2);
            code.visitInsn(Opcodes.ISHL);
            code.visitInsn(Opcodes.IADD);
        });
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Adds a public static method whose body is {@code code} followed by {@code ireturn}. */
    private static void method(
        final ClassWriter writer, final String name, final String descriptor, final Consumer<MethodVisitor> code)
    {
        final MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, descriptor,
            null, null);
        method.visitCode();
        code.accept(method);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    private static List<String> opcodes(final byte[] classFile, final String methodName)
    {
        final List<String> opcodes = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9)
        {
            @Override
            public MethodVisitor visitMethod(final int access, final String name, final String descriptor,
                final String signature, final String[] exceptions)
            {
                if (!name.equals(methodName))
                {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9)
                {
                    @Override
                    public void visitInsn(final int opcode)
                    {
                        opcodes.add(name(opcode));
                    }

                    @Override
                    public void visitIntInsn(final int opcode, final int operand)
                    {
                        opcodes.add(name(opcode));
                    }

                    @Override
                    public void visitVarInsn(final int opcode, final int varIndex)
                    {
                        opcodes.add(name(opcode));
                    }

                    @Override
                    public void visitJumpInsn(final int opcode, final Label label)
                    {
                        opcodes.add(opcode == Opcodes.GOTO ? "GOTO" : name(opcode));
                    }

                    @Override
                    public void visitLabel(final Label label)
                    {
                        opcodes.add("LABEL");
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return opcodes;
    }

    private static String name(final int opcode)
    {
        return switch (opcode)
        {
            case Opcodes.ILOAD -> "ILOAD";
            case Opcodes.IADD -> "IADD";
            case Opcodes.ISHL -> "ISHL";
            case Opcodes.ICONST_2 -> "ICONST_2";
            case Opcodes.ICONST_3 -> "ICONST_3";
            case Opcodes.BIPUSH -> "BIPUSH";
            case Opcodes.IRETURN -> "IRETURN";
            default -> "OPCODE_" + opcode;
        };
    }
}
