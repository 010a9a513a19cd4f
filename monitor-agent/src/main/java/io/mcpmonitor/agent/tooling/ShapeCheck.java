package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The reference check run on an SDK class before its advice is applied: it finds the one method an
 * {@link SdkShape} describes, or, when there is none or more than one, disables that instrumentation for the
 * class with one warning line (once per instrumentation and class for the JVM's life, however many class
 * loaders load it) and the class is left exactly as it was. Never guessing is the point: a call that is not
 * timed is visible as missing; a call timed through the wrong method would be recorded wrong.
 *
 * <p>Thread-safe (the log is).
 */
final class ShapeCheck {

    private final AgentLog log;

    ShapeCheck(AgentLog log) {
        this.log = log;
    }

    /**
     * The matcher of exactly the method to weave in {@code type} (whose class file is {@code classFile}), or null
     * after saying once that {@code shape}'s instrumentation is disabled for this class.
     */
    ElementMatcher<MethodDescription> target(SdkShape shape, TypeDescription type, byte[] classFile) {
        MethodList<MethodDescription.InDefinedShape> found = type.getDeclaredMethods().filter(shape.target());
        if (shape.enclosingMethod() != null && !found.isEmpty()) {
            Set<String> lambdas = lambdaBodies(classFile, shape.enclosingMethod());
            found = found.filter(m -> lambdas.contains(m.getInternalName() + m.getDescriptor()));
        }
        if (found.size() == 1) {
            MethodDescription method = found.getOnly();
            return named(method.getInternalName()).and(hasDescriptor(method.getDescriptor()));
        }
        log.warnOnce("shape:" + shape.instrumentation() + ":" + shape.className(), shape.instrumentation()
                + " instrumentation disabled for " + shape.className() + ": expected " + shape.expected()
                + ", found " + (found.isEmpty() ? "none" : found.size() + " candidates " + describe(found))
                + " (an SDK version this agent does not know?); nothing is recorded through this class");
        return null;
    }

    private static String describe(List<? extends MethodDescription> methods) {
        return methods.stream().map(m -> m.getInternalName() + m.getDescriptor()).toList().toString();
    }

    /**
     * The methods of this class ({@code name + descriptor}) that lambdas created in {@code enclosingMethod}
     * are compiled to: the implementation handles of its {@code invokedynamic} instructions.
     */
    static Set<String> lambdaBodies(byte[] classFile, String enclosingMethod) {
        ClassReader reader = new ClassReader(classFile);
        String owner = reader.getClassName();
        Set<String> bodies = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!name.equals(enclosingMethod)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle h && h.getOwner().equals(owner)) {
                                bodies.add(h.getName() + h.getDesc());
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return bodies;
    }
}
