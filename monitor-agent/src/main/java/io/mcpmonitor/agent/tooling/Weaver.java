package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeInitializer;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.auxiliary.AuxiliaryType;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves Byte Buddy {@link Advice} into the classes the {@link ClassFilter} let through:
 * <ul>
 *   <li>the tools/call handler body of {@code McpAsyncServer} and {@code McpStatelessAsyncServer} (the lambda
 *       {@code toolsCallRequestHandler()} returns; sync servers wrap these), with {@link ToolsCallAdvice}, bound
 *       to use the agent's Reactor helper or, where it cannot be defined, Reactor's own operators;
 *   <li>the 2.x input validator, with {@link ValidatorAdvice};
 *   <li>the server sessions' message handling ({@link SessionTargets}), with {@link SessionMessageAdvice};
 *   <li>the methods {@code include=} selects, with {@link IncludeAdvice}.
 * </ul>
 * Before advice goes into an SDK class, {@link ShapeCheck} finds the one method its {@link SdkShape} describes;
 * a class of another shape is left unchanged and that instrumentation says so once.
 * The advice is applied as an ASM visitor on the class file (Byte Buddy's {@code AgentBuilder} is not used:
 * building one costs the host most of a second of start-up). Advice is referenced by name and read from the
 * agent's class loader; no member is added (no class format change), so the same weaving serves class loading
 * and retransformation. An exception thrown by advice is suppressed and reported to
 * {@code Bridge.adviceError}.
 *
 * <p>Thread-safe; builds its advice once. {@link #weave} returns null to leave a class unchanged.
 */
final class Weaver {

    private static final String BRIDGE = "io/mcpmonitor/agent/bootstrap/Bridge";
    private static final String PACKAGE = "io.mcpmonitor.agent.tooling.";
    // Woven ahead by prepare: a stateful server and its session, the two SDK classes every such host loads.
    private static final List<String> PREPARED = List.of(ClassFilter.MCP_ASYNC_SERVER.replace('.', '/'),
            SessionTargets.SERVER_SESSION.replace('.', '/'));
    /**
     * The SDK classes a stateful server loads by its first tools/call, internal names: those two, and the 2.x input
     * validator. The weave cache must hold every one of them that the class path has for a start to skip the weaver.
     */
    static final List<String> START_UP_CLASSES = List.of(PREPARED.get(0), PREPARED.get(1),
            ClassFilter.TOOL_INPUT_VALIDATOR.replace('.', '/'));

    private final Advice toolsCall;
    // Built on first need only: most hosts never need the fallback.
    private volatile Advice toolsCallPeek;
    private final TypePool agentTypes;
    private final ClassFileLocator locator;
    private final Advice.ExceptionHandler toBridge;
    private final Advice validator;
    private final ShapeCheck shapes;
    private final Advice sessionMessage;
    private final Advice streamRequest;
    private final AsmVisitorWrapper included;
    private final ElementMatcher<MethodDescription> includedMethod;
    private final ReactorHelper reactorHelper;
    private final OperationWeaving operations;
    private final AgentLog log;
    // guarded by itself: the class woven ahead, until its loading takes it; and whether that loading happened
    private final Map<String, Prepared> prepared = new HashMap<>();
    private final Set<String> loadedTargets = new HashSet<>();

    Weaver(List<IncludePattern> include, AgentLog log) {
        this(include, log, new ReactorHelper(log));
    }

    /** A weaver that defines the Reactor helper through {@code reactorHelper} (shared with the weave cache's keys). */
    Weaver(List<IncludePattern> include, AgentLog log, ReactorHelper reactorHelper) {
        this.log = log;
        this.reactorHelper = reactorHelper;
        this.shapes = new ShapeCheck(log);
        this.locator = ClassFileLocator.ForClassLoader.of(Weaver.class.getClassLoader());
        this.agentTypes = TypePool.Default.of(locator);
        this.toBridge = new Advice.ExceptionHandler.Simple(new AdviceErrorCall());
        this.toolsCall = toolsCallAdvice(true);
        this.operations = new OperationWeaving(agentTypes, locator, toBridge, log);
        this.validator = advice(Advice.withCustomMapping(), agentTypes, locator, "ValidatorAdvice", toBridge);
        this.sessionMessage = advice(Advice.withCustomMapping(), agentTypes, locator, "SessionMessageAdvice", toBridge);
        this.streamRequest = advice(Advice.withCustomMapping(), agentTypes, locator, "StreamRequestAdvice", toBridge);
        if (include.isEmpty()) {
            this.includedMethod = null;
            this.included = null;
        } else {
            Set<String> annotations = new LinkedHashSet<>();
            include.stream().filter(IncludePattern::isAnnotation).forEach(p -> annotations.add(p.annotation()));
            this.includedMethod = new IncludedMethod(include);
            this.included = advice(Advice.withCustomMapping().bind(new ToolNameMapping(annotations)), agentTypes,
                    locator, "IncludeAdvice", toBridge).on(includedMethod);
        }
    }

    private static Advice advice(Advice.WithCustomMapping mapping, TypePool agentTypes, ClassFileLocator locator,
                                 String simpleName, Advice.ExceptionHandler handler) {
        return mapping.to(agentTypes.describe(PACKAGE + simpleName).resolve(), locator).withExceptionHandler(handler);
    }

    /** {@link ToolsCallAdvice} with {@link HelperDefined} bound as a constant ({@link ConstantBinding}: cheaper to build). */
    private Advice toolsCallAdvice(boolean helperDefined) {
        return advice(Advice.withCustomMapping().bind(new ConstantBinding<>(HelperDefined.class) {
            @Override
            StackManipulation value(MethodDescription woven) {
                return IntegerConstant.forValue(helperDefined);
            }
        }), agentTypes, locator, "ToolsCallAdvice", toBridge);
    }

    private Advice toolsCallPeek() {
        Advice a = toolsCallPeek;
        if (a == null) {
            a = toolsCallAdvice(false);
            toolsCallPeek = a;
        }
        return a;
    }

    /**
     * Weaves ahead, on the agent's init thread, the SDK classes a stateful server always loads,
     * {@code McpAsyncServer} and {@code McpServerSession}, from the class path of {@code loader} (the system class
     * loader at premain): theirs is the largest weaving the agent does (tens of milliseconds, most of it the first
     * run of the weaving code), which would otherwise run on the host's thread that loads them, during the host's
     * start-up. {@link #weave} hands a result out when that loader defines exactly those bytes; any other loader or
     * class file is woven as before. What the weaving logs is logged now. Returns false, having woven nothing,
     * when the loader's class path has neither class.
     */
    boolean prepare(ClassLoader loader) throws IOException {
        boolean found = false;
        for (String internalName : PREPARED) {
            byte[] classFile = classFile(loader, internalName);
            if (classFile == null) {
                continue;
            }
            found = true;
            byte[] woven = weave(loader, internalName, classFile, true);
            synchronized (prepared) {
                if (!loadedTargets.contains(internalName)) {
                    prepared.put(internalName, new Prepared(loader, classFile, woven));
                }
            }
        }
        return found;
    }

    /** The class file {@code loader}'s class path has for {@code internalName}, or null if it has none. */
    static byte[] classFile(ClassLoader loader, String internalName) throws IOException {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Whether a class woven ahead waits for its loading (for tests). */
    boolean isPrepared(String internalName) {
        synchronized (prepared) {
            return prepared.containsKey(internalName);
        }
    }

    /** A class file woven ahead ({@link #prepare}); {@code woven} is null when it needed no change. */
    private record Prepared(ClassLoader loader, byte[] classFile, byte[] woven) {
    }

    /**
     * Weaves {@link WarmUpTarget} (with a stand-in for Reactor's {@code Mono}, which the agent does not have) as
     * a server class is woven, so that Byte Buddy's weaving classes, and those of every advice a server class
     * gets, are loaded and have run once on the init thread, not first on the host's thread that loads an SDK
     * class. For hosts whose SDK {@link #prepare} cannot read ahead.
     */
    void warmUp() throws IOException {
        String name = WarmUpTarget.class.getName();
        byte[] classFile = locator.locate(name).resolve();
        ClassWriter mono = new ClassWriter(0);
        mono.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "reactor/core/publisher/Mono", null,
                "java/lang/Object", null);
        mono.visitEnd();
        ClassFileLocator warmUpTypes = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                ClassFileLocator.Simple.of("reactor.core.publisher.Mono", mono.toByteArray()), locator);
        TypePool pool = TypePool.Default.WithLazyResolution.of(warmUpTypes);
        // The reference check's own code too: the matchers and the class-file scan.
        TypeDescription type = pool.describe(name).resolve();
        type.getDeclaredMethods().filter(SdkShape.TOOLS_CALL.target());
        ShapeCheck.lambdaBodies(classFile, SdkShape.HANDLER_METHOD);
        // The same one pass a server class gets: the tools/call advice and every other method's.
        operations.weave(null, type, pool, classFile, toolsCall.on(named(SdkShape.HANDLER_LAMBDA_PREFIX + "0")));
    }

    /**
     * The woven class file, or null if nothing in it is to be instrumented. {@code loader} is the defining
     * class loader (null for the bootstrap loader).
     */
    byte[] weave(ClassLoader loader, String internalName, byte[] classFile) {
        Prepared p = preparedFor(loader, internalName, classFile);
        return p != null ? p.woven() : weave(loader, internalName, classFile, true);
    }

    /** The class being loaded now: what {@link #prepare} wove for exactly this loader and class file, else null. */
    private Prepared preparedFor(ClassLoader loader, String internalName, byte[] classFile) {
        if (!PREPARED.contains(internalName)) {
            return null;
        }
        synchronized (prepared) {
            loadedTargets.add(internalName);
            Prepared p = prepared.remove(internalName);
            return p != null && p.loader() == loader && Arrays.equals(p.classFile(), classFile) ? p : null;
        }
    }

    /**
     * As {@link #weave(ClassLoader, String, byte[])}, always weaving now; {@code useHelper=false} forces the
     * fallback advice.
     */
    byte[] weave(ClassLoader loader, String internalName, byte[] classFile, boolean useHelper) {
        String name = internalName.replace('/', '.');
        TypePool pool = pool(loader, name, classFile);
        TypeDescription type = pool.describe(name).resolve();
        AsmVisitorWrapper wrapper;
        ElementMatcher<? super MethodDescription> methods;
        SdkShape shape = SdkShape.forClass(name);
        if (shape == SdkShape.INPUT_VALIDATOR) {
            ElementMatcher<MethodDescription> target = shapes.target(shape, type, classFile);
            if (target == null) {
                return null;
            }
            methods = target;
            wrapper = validator.on(target);
        } else if (shape != null) {
            // The reference check decides whether tools/call is woven; the other methods are woven after it,
            // each on its own: their failure never undoes the tools/call weaving.
            ElementMatcher<MethodDescription> target = shapes.target(shape, type, classFile);
            AsmVisitorWrapper.ForDeclaredMethods tools = null;
            if (target != null && !type.getDeclaredMethods().filter(target).isEmpty()) {
                Advice handler = useHelper && loader != null && reactorHelper.injectFor(loader) ? toolsCall
                        : toolsCallPeek();
                tools = handler.on(target);
            }
            byte[] all = operations.weave(loader, type, pool, classFile, tools);
            return all != classFile ? all : null;
        } else if (SessionTargets.isTarget(name)) {
            methods = SessionTargets.methods(name);
            boolean stream = name.equals(SessionTargets.STREAMABLE_STREAM);
            if (type.getDeclaredMethods().filter(methods).isEmpty() || (stream
                    && type.getDeclaredFields().filter(named(SessionTargets.OUTER_SESSION_FIELD)).isEmpty())) {
                log.info("found no message handling in " + name + " (an SDK version this agent does not know?); "
                        + "a client's cancellation is not seen there, its calls are still timed");
                return null;
            }
            wrapper = (stream ? streamRequest : sessionMessage).on(methods);
        } else if (included != null) {
            methods = includedMethod;
            wrapper = included;
        } else {
            return null;
        }
        if (type.isInterface() || type.isAnnotation() || type.getDeclaredMethods().filter(methods).isEmpty()) {
            return null;
        }
        return weave(pool, name, classFile, wrapper);
    }

    /**
     * The types the weaving of {@code classFile} (class {@code name}, defined by {@code loader}, null for the
     * bootstrap loader) sees: that class file, then what its loader finds. Lazy, as the matchers only ask for the
     * names of the types a method takes and returns: a type is read from its loader only when something needs more
     * than its name (an eager pool read and parsed, for instance, all of Reactor's {@code Mono}, for every check of
     * a method returning one). One pool serves every step of one class's weaving.
     */
    static TypePool pool(ClassLoader loader, String name, byte[] classFile) {
        return TypePool.Default.WithLazyResolution.of(new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader)));
    }

    static byte[] weave(TypePool pool, String name, byte[] classFile, AsmVisitorWrapper wrapper) {
        TypeDescription type = pool.describe(name).resolve();
        ClassReader reader = new ClassReader(classFile);
        int writerFlags = wrapper.mergeWriter(0);
        int readerFlags = wrapper.mergeReader(0);
        ClassWriter writer = new ClassWriter(reader, writerFlags);
        ClassFileVersion version = ClassFileVersion.ofClassFile(classFile);
        Implementation.Context.ExtractableView context = Implementation.Context.Disabled.Factory.INSTANCE.make(type,
                new AuxiliaryType.NamingStrategy.Suffixing("mcpmonitor"), TypeInitializer.None.INSTANCE, version,
                version, Implementation.Context.FrameGeneration.GENERATE);
        ClassVisitor visitor = wrapper.wrap(type, writer, context, pool, type.getDeclaredFields(),
                type.getDeclaredMethods(), writerFlags, readerFlags);
        reader.accept(visitor, readerFlags);
        return writer.toByteArray();
    }

    /** {@code invokestatic Bridge.adviceError(Throwable)}: the suppressed exception, on the stack, goes there. */
    private static final class AdviceErrorCall extends StackManipulation.AbstractBase {
        @Override
        public Size apply(MethodVisitor visitor, Implementation.Context context) {
            visitor.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "adviceError", "(Ljava/lang/Throwable;)V", false);
            return new Size(-1, 0);
        }
    }

    /** A concrete, non-synthetic method selected by a method pattern or carrying an included annotation. */
    private static final class IncludedMethod implements ElementMatcher<MethodDescription> {
        private static final ElementMatcher<MethodDescription> CANDIDATE =
                isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isSynthetic())).and(not(isBridge()));

        private final List<IncludePattern> include;

        IncludedMethod(List<IncludePattern> include) {
            this.include = include;
        }

        @Override
        public boolean matches(MethodDescription method) {
            if (!CANDIDATE.matches(method)) {
                return false;
            }
            String typeName = method.getDeclaringType().asErasure().getName();
            for (IncludePattern p : include) {
                if (p.isAnnotation()) {
                    for (AnnotationDescription a : method.getDeclaredAnnotations()) {
                        if (a.getAnnotationType().getName().equals(p.annotation())) {
                            return true;
                        }
                    }
                } else if (p.matchesClass(typeName) && p.matchesMethod(method.getName(), method.isPublic())) {
                    return true;
                }
            }
            return false;
        }
    }
}
