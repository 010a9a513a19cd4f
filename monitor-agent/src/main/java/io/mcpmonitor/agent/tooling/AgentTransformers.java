package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultFinalizer;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.mcpmonitor.agent.bootstrap.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Builds Byte Buddy's transformer: what the agent instruments and with which advice.
 * <ul>
 *   <li>the tools/call handler body of {@code McpAsyncServer} and {@code McpStatelessAsyncServer} (the
 *       lambda {@code toolsCallRequestHandler()} returns; sync servers wrap these), with {@link ToolsCallAdvice};
 *   <li>the 2.x input validator, with {@link ValidatorAdvice};
 *   <li>the methods {@code include=} selects, with {@link IncludeAdvice}.
 * </ul>
 * Advice is referenced by name and read from the agent's class loader; no class format change (fields or
 * methods) is made, so the same transformer serves class loading and retransformation (dynamic attach). An
 * exception thrown by advice is suppressed and reported to {@link Bridge#adviceError}. Instrumentation
 * failures are logged once per class and counted.
 */
final class AgentTransformers {

    /** The synthetic method javac makes of the handler lambda: {@code lambda$toolsCallRequestHandler$N}. */
    static final String HANDLER_LAMBDA_PREFIX = "lambda$toolsCallRequestHandler$";

    private AgentTransformers() {
    }

    static ClassFileTransformer build(List<IncludePattern> include, AgentLog log, AtomicLong transformed,
                                      AtomicLong failed) throws NoSuchMethodException {
        ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(AgentTransformers.class.getClassLoader());
        Advice.ExceptionHandler adviceErrors = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
                new MethodDescription.ForLoadedMethod(Bridge.class.getMethod("adviceError", Throwable.class))));

        // Byte Buddy skips synthetic methods by default; the handler's body is one (a lambda).
        ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED).ignore(isDefaultFinalizer());
        AgentBuilder.Identified.Extendable builder = new AgentBuilder.Default(byteBuddy)
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(new Listener(log, transformed, failed))
                .ignore(none())
                .type(named(ClassFilter.MCP_ASYNC_SERVER).or(named(ClassFilter.MCP_STATELESS_ASYNC_SERVER)))
                .transform(new ToolsCallTransformer(new ReactorHelper(log),
                        new AgentBuilder.Transformer.ForAdvice()
                                .include(adviceLocator)
                                .withExceptionHandler(adviceErrors)
                                .advice(toolsCallHandlerBody(), "io.mcpmonitor.agent.tooling.ToolsCallAdvice"),
                        new AgentBuilder.Transformer.ForAdvice()
                                .include(adviceLocator)
                                .withExceptionHandler(adviceErrors)
                                .advice(toolsCallHandlerBody(), "io.mcpmonitor.agent.tooling.ToolsCallPeekAdvice")))
                .type(named(ClassFilter.TOOL_INPUT_VALIDATOR))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(adviceLocator)
                        .withExceptionHandler(adviceErrors)
                        .advice(named("validate").and(isStatic()), "io.mcpmonitor.agent.tooling.ValidatorAdvice"));
        if (!include.isEmpty()) {
            Set<String> annotations = new LinkedHashSet<>();
            for (IncludePattern p : include) {
                if (p.isAnnotation()) {
                    annotations.add(p.annotation());
                }
            }
            builder = builder
                    .type(new IncludedType(include))
                    .transform(new AgentBuilder.Transformer.ForAdvice(
                                    Advice.withCustomMapping().bind(new ToolNameMapping(annotations)))
                            .include(adviceLocator)
                            .withExceptionHandler(adviceErrors)
                            .advice(new IncludedMethod(include), "io.mcpmonitor.agent.tooling.IncludeAdvice"));
        }
        return builder.makeRaw();
    }

    /** {@code private Mono lambda$toolsCallRequestHandler$N(exchange or context, Object params)}. */
    static ElementMatcher.Junction<MethodDescription> toolsCallHandlerBody() {
        return isMethod().and(nameStartsWith(HANDLER_LAMBDA_PREFIX)).and(not(isStatic()))
                .and(takesArguments(2)).and(returns(named("reactor.core.publisher.Mono")));
    }

    /** Weaves the helper-based advice where the Reactor helper could be defined, the fallback elsewhere. */
    private record ToolsCallTransformer(ReactorHelper helper, AgentBuilder.Transformer withHelper,
                                        AgentBuilder.Transformer withoutHelper) implements AgentBuilder.Transformer {
        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                                ClassLoader loader, JavaModule module, ProtectionDomain domain) {
            AgentBuilder.Transformer chosen = loader != null && helper.injectFor(loader) ? withHelper : withoutHelper;
            return chosen.transform(builder, type, loader, module, domain);
        }
    }

    /** A type holding a method that {@code include=} selects. */
    private static final class IncludedType implements ElementMatcher<TypeDescription> {
        private final List<IncludePattern> include;
        private final IncludedMethod methods;

        IncludedType(List<IncludePattern> include) {
            this.include = include;
            this.methods = new IncludedMethod(include);
        }

        @Override
        public boolean matches(TypeDescription type) {
            if (type.isInterface() || type.isAnnotation()) {
                return false;
            }
            for (IncludePattern p : include) {
                if (p.matchesClass(type.getName())) {
                    return true;
                }
            }
            for (MethodDescription m : type.getDeclaredMethods()) {
                if (methods.matches(m)) {
                    return true;
                }
            }
            return false;
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

    /** Logs what was instrumented (to a log file) and every failure (once per class), and counts both. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final AgentLog log;
        private final AtomicLong transformed;
        private final AtomicLong failed;

        Listener(AgentLog log, AtomicLong transformed, AtomicLong failed) {
            this.log = log;
            this.transformed = transformed;
            this.failed = failed;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            transformed.incrementAndGet();
            log.info("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable error) {
            failed.incrementAndGet();
            log.warnOnce("instrument:" + typeName, "cannot instrument " + typeName
                    + " (left unchanged, calls through it are not timed): " + error);
        }
    }
}
