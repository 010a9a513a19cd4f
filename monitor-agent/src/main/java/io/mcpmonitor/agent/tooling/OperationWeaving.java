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
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The timing of the MCP methods other than tools/call in the SDK's servers: one instrumentation per target
 * (resources/read and prompts/get handler bodies of both servers, the stateful {@code initialize} handler, the
 * stateless one), applied together with the tools/call advice. A target whose method this SDK version lacks is
 * skipped (logged once, at info level: these methods are extras, tools/call is what must work).
 *
 * <p>All of them go into the class in one read and one write of its class file, since this runs on the host's
 * thread while it loads the SDK's server class, at start-up; a pass per target cost that thread most of
 * 100 ms. Should that one pass fail, each is applied on its own as before, tools/call first: a target whose
 * weaving fails leaves the class as it was before that target, so one failure never costs tools/call or
 * another method its timing.
 *
 * <p>Thread-safe; builds its advice once.
 */
final class OperationWeaving {

    private static final String MONO = "reactor.core.publisher.Mono";

    /** One handler to time: which methods of the class, and the advice bound to its method name. */
    private record Target(String method, ElementMatcher<MethodDescription> methods, Advice advice) {
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
                new Target(Operations.INITIALIZE, statefulInit, Advice.to(initAdvice, locator).withExceptionHandler(handler)),
                lambda(Operations.INITIALIZE, "lambda$asyncInitializeRequestHandler$", lambdaAdvice, locator, handler));
    }

    private static Target lambda(String method, String prefix, TypeDescription advice, ClassFileLocator locator,
                                 Advice.ExceptionHandler handler) {
        // Bound as a string constant, not a value Byte Buddy must classify (that costs ~15 ms of class loading).
        return new Target(method, handlerBody(prefix), Advice.withCustomMapping()
                .bind(OperationMethod.class, new TextConstant(method), String.class)
                .to(advice, locator).withExceptionHandler(handler));
    }

    /** {@code private Mono lambda$PREFIX$N(exchange or context, Object params)}: the handler's body. */
    static ElementMatcher.Junction<MethodDescription> handlerBody(String prefix) {
        return isMethod().and(nameStartsWith(prefix)).and(not(isStatic())).and(takesArguments(2))
                .and(takesArgument(1, Object.class)).and(returns(named(MONO)));
    }

    /**
     * {@code classFile} (of the SDK server class {@code type}, described by {@code pool}) woven with {@code tools}
     * (the tools/call advice on its one method, or null when the reference check disabled it) and every target
     * it has; the same array if nothing applied. A failure of {@code tools} is thrown, as the weaving of the class
     * fails then; the failure of a target is logged and costs that target only.
     */
    byte[] weave(ClassLoader loader, TypeDescription type, TypePool pool, byte[] classFile,
                 AsmVisitorWrapper.ForDeclaredMethods tools) {
        String name = type.getName();
        MethodList<MethodDescription.InDefinedShape> declared = type.getDeclaredMethods();
        List<Target> present = new ArrayList<>();
        for (Target t : targets) {
            if (!declared.filter(t.methods()).isEmpty()) {
                present.add(t);
            }
        }
        logMissing(name, present);
        if (tools == null && present.isEmpty()) {
            return classFile;
        }
        AsmVisitorWrapper.ForDeclaredMethods all = tools != null ? tools : new AsmVisitorWrapper.ForDeclaredMethods();
        for (Target t : present) {
            all = all.invokable(t.methods(), t.advice());
        }
        try {
            return Weaver.weave(pool, name, classFile, all);
        } catch (Throwable e) {
            log.info("could not weave " + name + " in one pass (" + e + "); weaving each method on its own");
        }
        byte[] out = tools == null ? classFile : Weaver.weave(pool, name, classFile, tools);
        for (Target t : present) {
            try {
                out = Weaver.weave(Weaver.pool(loader, name, out), name, out, t.advice().on(t.methods()));
            } catch (Throwable e) {
                log.info("could not time " + t.method() + " in " + name + " (" + e + "); tools/call is unaffected");
            }
        }
        return out;
    }

    private void logMissing(String name, List<Target> present) {
        for (String method : List.of(Operations.RESOURCES_READ, Operations.PROMPTS_GET)) {
            if (present.stream().noneMatch(t -> t.method().equals(method))) {
                log.info("found no " + method + " handler in " + name + "; its " + method + " operations are not timed");
            }
        }
        if (present.stream().noneMatch(t -> t.method().equals(Operations.INITIALIZE))) {
            log.info("found no initialize handler in " + name + "; its sessions' protocol versions are not recorded");
        }
    }
}
