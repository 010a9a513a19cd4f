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
import net.bytebuddy.implementation.bytecode.StackManipulation;
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
    private static final String RESOURCES_READ_BODY = "lambda$resourcesReadRequestHandler$";
    private static final String PROMPTS_GET_BODY = "lambda$promptsGetRequestHandler$";
    private static final String INITIALIZE_BODY = "lambda$asyncInitializeRequestHandler$";

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
        // One advice for the three handler bodies: building an Advice reads its class and resolves its parameter
        // bindings, on the init thread at start-up; the method it times is bound per woven method instead.
        Advice handlerBodies = Advice.withCustomMapping().bind(new MethodOfHandler()).to(lambdaAdvice, locator)
                .withExceptionHandler(handler);
        this.targets = List.of(
                new Target(Operations.RESOURCES_READ, handlerBody(RESOURCES_READ_BODY), handlerBodies),
                new Target(Operations.PROMPTS_GET, handlerBody(PROMPTS_GET_BODY), handlerBodies),
                new Target(Operations.INITIALIZE, statefulInit, Advice.to(initAdvice, locator).withExceptionHandler(handler)),
                new Target(Operations.INITIALIZE, handlerBody(INITIALIZE_BODY), handlerBodies));
    }

    /**
     * The MCP method a handler body times, from the name the compiler gave its lambda ({@code lambda$PREFIX$N}); null
     * for any other method.
     */
    static String methodOfHandlerBody(String methodName) {
        if (methodName.startsWith(RESOURCES_READ_BODY)) {
            return Operations.RESOURCES_READ;
        }
        if (methodName.startsWith(PROMPTS_GET_BODY)) {
            return Operations.PROMPTS_GET;
        }
        return methodName.startsWith(INITIALIZE_BODY) ? Operations.INITIALIZE : null;
    }

    /** {@link OperationMethod}: the MCP method of the handler body being woven, as a string constant. */
    private static final class MethodOfHandler extends ConstantBinding<OperationMethod> {

        MethodOfHandler() {
            super(OperationMethod.class);
        }

        @Override
        StackManipulation value(MethodDescription woven) {
            String method = methodOfHandlerBody(woven.getInternalName());
            if (method == null) {
                throw new IllegalStateException("not a request handler body: " + woven);
            }
            return new TextConstant(method);
        }
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
        for (String method : new String[] {Operations.RESOURCES_READ, Operations.PROMPTS_GET}) {
            if (!has(present, method)) {
                log.info("found no " + method + " handler in " + name + "; its " + method + " operations are not timed");
            }
        }
        if (!has(present, Operations.INITIALIZE)) {
            log.info("found no initialize handler in " + name + "; its sessions' protocol versions are not recorded");
        }
    }

    // A loop, not a stream: this runs on the host's thread that loads the class when it is not woven ahead.
    private static boolean has(List<Target> targets, String method) {
        for (Target t : targets) {
            if (t.method().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
