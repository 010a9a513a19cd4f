package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.mcpmonitor.agent.bootstrap.Operations;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The timing of the MCP methods other than tools/call in the SDK's servers: one instrumentation per target
 * (resources/read and prompts/get handler bodies of both servers, the stateful {@code initialize} handler, the
 * stateless one), each applied on its own to the class file the tools/call weaving produced. A target whose
 * method this SDK version lacks is skipped (logged once, at info level: these methods are extras, tools/call
 * is what must work), and a target whose weaving fails leaves the class as it was before that target, so
 * one failure never costs tools/call or another method its timing.
 *
 * <p>Thread-safe; builds its advice once.
 */
final class OperationWeaving {

    private static final String MONO = "reactor.core.publisher.Mono";

    /** One handler to time: which methods of the class, and the advice bound to its method name. */
    private record Target(String method, ElementMatcher<MethodDescription> methods, AsmVisitorWrapper wrapper) {
    }

    private final List<Target> targets;
    private final AgentLog log;

    OperationWeaving(TypePool agentTypes, ClassFileLocator locator, Advice.ExceptionHandler handler, AgentLog log) {
        this.log = log;
        TypeDescription lambdaAdvice = agentTypes.describe("io.mcpmonitor.agent.tooling.OperationAdvice").resolve();
        TypeDescription initAdvice = agentTypes.describe("io.mcpmonitor.agent.tooling.InitializeAdvice").resolve();
        ElementMatcher.Junction<MethodDescription> statefulInit = isMethod().and(named("asyncInitializeRequestHandler"))
                .and(not(isStatic())).and(takesArguments(1)).and(returns(named(MONO)));
        this.targets = List.of(
                lambda(Operations.RESOURCES_READ, "lambda$resourcesReadRequestHandler$", lambdaAdvice, locator, handler),
                lambda(Operations.PROMPTS_GET, "lambda$promptsGetRequestHandler$", lambdaAdvice, locator, handler),
                new Target(Operations.INITIALIZE, statefulInit,
                        Advice.to(initAdvice, locator).withExceptionHandler(handler).on(statefulInit)),
                lambda(Operations.INITIALIZE, "lambda$asyncInitializeRequestHandler$", lambdaAdvice, locator, handler));
    }

    private static Target lambda(String method, String prefix, TypeDescription advice, ClassFileLocator locator,
                                 Advice.ExceptionHandler handler) {
        ElementMatcher.Junction<MethodDescription> body = handlerBody(prefix);
        AsmVisitorWrapper wrapper = Advice.withCustomMapping().bind(OperationMethod.class, method).to(advice, locator)
                .withExceptionHandler(handler).on(body);
        return new Target(method, body, wrapper);
    }

    /** {@code private Mono lambda$PREFIX$N(exchange or context, Object params)}: the handler's body. */
    static ElementMatcher.Junction<MethodDescription> handlerBody(String prefix) {
        return isMethod().and(nameStartsWith(prefix)).and(not(isStatic())).and(takesArguments(2))
                .and(takesArgument(1, Object.class)).and(returns(named(MONO)));
    }

    /**
     * {@code classFile} (of the SDK server class {@code name}, already woven for tools/call or not) with every
     * target it has woven in; the same array if none applied.
     */
    byte[] weave(ClassLoader loader, String name, byte[] classFile) {
        byte[] out = classFile;
        TypeDescription type = pool(loader, name, classFile).describe(name).resolve();
        boolean initializeFound = false;
        for (Target t : targets) {
            if (type.getDeclaredMethods().filter(t.methods()).isEmpty()) {
                continue;
            }
            initializeFound |= t.method().equals(Operations.INITIALIZE);
            try {
                out = Weaver.weave(pool(loader, name, out), name, out, t.wrapper());
            } catch (Throwable e) {
                log.info("could not time " + t.method() + " in " + name + " (" + e + "); tools/call is unaffected");
            }
        }
        for (String method : List.of(Operations.RESOURCES_READ, Operations.PROMPTS_GET)) {
            if (targets.stream().filter(t -> t.method().equals(method))
                    .allMatch(t -> type.getDeclaredMethods().filter(t.methods()).isEmpty())) {
                log.info("found no " + method + " handler in " + name + "; its " + method + " operations are not timed");
            }
        }
        if (!initializeFound) {
            log.info("found no initialize handler in " + name + "; its sessions' protocol versions are not recorded");
        }
        return out;
    }

    private static TypePool pool(ClassLoader loader, String name, byte[] classFile) {
        return TypePool.Default.of(new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader)));
    }
}
