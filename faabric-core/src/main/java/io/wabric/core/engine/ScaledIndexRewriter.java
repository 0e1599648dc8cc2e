package io.wabric.core.engine;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Distributes a constant left shift over the sum of two locals in a compiled guest function, so that HotSpot's C2
 * can see array indices as a linear function of the loop counter and drop their bounds checks from the loop.
 *
 * <p>Why: clang indexes {@code a[row + j]} in Wasm as {@code base + ((row + j) << 3)}, {@code row} loop-invariant,
 * which Chicory turns into {@code iload row; iload j; iadd; iconst_3; ishl}. JDK 17's C2 recognises an index of the
 * form {@code invariant + (j << k)} (and folds nested invariant sums into it), but not {@code (invariant + j) << k}:
 * such an access keeps its compare and branch on every iteration. The rewrite emits {@code (row << 3) + (j << 3)}
 * instead. In 32-bit two's complement arithmetic the two are equal for every input ({@code ishl} masks its count
 * the same way in both), so the guest's semantics do not change.
 *
 * <pre>
 *   before: iload a; iload b; iadd; iconst k; ishl                   (stack peak +2)
 *   after:  iload a; iconst k; ishl; iload b; iconst k; ishl; iadd  (stack peak +3)
 * </pre>
 *
 * <p>Only five consecutive instructions of exactly that form are rewritten: a label, frame or line number between
 * them leaves them as they are. The method is buffered as a tree, rewritten at {@link #visitEnd()} and replayed to
 * the next visitor with its stack maximum raised by one.
 */
final class ScaledIndexRewriter extends MethodNode
{
    private final MethodVisitor target;

    /**
     * @param access     the method's access flags.
     * @param name       its name.
     * @param descriptor its descriptor.
     * @param signature  its generic signature, or {@code null}.
     * @param exceptions its declared exceptions, or {@code null}.
     * @param target     the visitor that receives the rewritten method.
     */
    ScaledIndexRewriter(
        final int access,
        final String name,
        final String descriptor,
        final String signature,
        final String[] exceptions,
        final MethodVisitor target)
    {
        super(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
        this.target = target;
    }

    @Override
    public void visitEnd()
    {
        if (distribute(instructions) > 0)
        {
            maxStack++;
        }
        accept(target);
    }

    /**
     * @param instructions a method's code, rewritten in place.
     * @return how many shifts were distributed.
     */
    static int distribute(final InsnList instructions)
    {
        int rewrites = 0;
        for (AbstractInsnNode shift = instructions.getFirst(); shift != null; shift = shift.getNext())
        {
            if (shift.getOpcode() != Opcodes.ISHL)
            {
                continue;
            }
            final AbstractInsnNode count = shift.getPrevious();
            final AbstractInsnNode sum = count == null ? null : count.getPrevious();
            final AbstractInsnNode second = sum == null ? null : sum.getPrevious();
            final AbstractInsnNode first = second == null ? null : second.getPrevious();
            if (first == null || !isIntConstant(count) || sum.getOpcode() != Opcodes.IADD ||
                second.getOpcode() != Opcodes.ILOAD || first.getOpcode() != Opcodes.ILOAD)
            {
                continue;
            }
            instructions.remove(sum);
            instructions.insert(first, count.clone(null));
            instructions.insert(first.getNext(), new InsnNode(Opcodes.ISHL));
            instructions.insert(shift, sum);
            rewrites++;
        }
        return rewrites;
    }

    private static boolean isIntConstant(final AbstractInsnNode insn)
    {
        final int opcode = insn.getOpcode();
        return opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5 || opcode == Opcodes.BIPUSH;
    }
}
