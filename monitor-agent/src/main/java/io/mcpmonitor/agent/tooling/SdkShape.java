package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What one SDK instrumentation expects to find before its advice goes into a class: the one method the advice
 * is written for, with the signature the advice relies on. The advice reads its arguments and its result by
 * position and meaning, so a method of another shape (an SDK version this agent does not know, or a class that
 * only borrows the SDK's name) must be left alone rather than woven, or its calls would be mislabelled.
 *
 * <p>{@code target} selects the method by signature. When {@code enclosingMethod} is set, the target is a
 * lambda body and must also be the implementation of a lambda that method creates (javac names nested lambdas
 * after the same enclosing method, so the name alone does not tell the outer one). Exactly one method must
 * pass; {@link ShapeCheck} applies the rule. Immutable.
 *
 * @param instrumentation what the instrumentation times, as its one log line names it
 * @param className       the SDK class (binary name) the advice goes into
 * @param expected        the expected method, as a reader of the log line should see it
 * @param target          the method the advice goes on, by name, modifiers and signature
 * @param enclosingMethod the method whose lambda {@code target} must be, or null for a plain method
 */
record SdkShape(String instrumentation, String className, String expected,
                ElementMatcher<? super MethodDescription> target, String enclosingMethod) {

    static final String HANDLER_METHOD = "toolsCallRequestHandler";
    /** The synthetic method javac makes of the handler lambda: {@code lambda$toolsCallRequestHandler$N}. */
    static final String HANDLER_LAMBDA_PREFIX = "lambda$" + HANDLER_METHOD + "$";
    static final String MONO = "reactor.core.publisher.Mono";
    static final String CALL_TOOL_RESULT = "io.modelcontextprotocol.spec.McpSchema$CallToolResult";

    /** The tools/call handler body of a stateful server: {@code Mono handle(McpAsyncServerExchange, Object)}. */
    static final SdkShape TOOLS_CALL = handler(ClassFilter.MCP_ASYNC_SERVER,
            "io.modelcontextprotocol.server.McpAsyncServerExchange");

    /** The tools/call handler body of a stateless server: {@code Mono handle(McpTransportContext, Object)}. */
    static final SdkShape STATELESS_TOOLS_CALL = handler(ClassFilter.MCP_STATELESS_ASYNC_SERVER,
            "io.modelcontextprotocol.common.McpTransportContext");

    /**
     * The 2.x input validator: static, and its result is a {@code CallToolResult} that is non-null exactly when
     * the arguments were refused. The advice reads nothing else, so the parameters are not checked.
     */
    static final SdkShape INPUT_VALIDATOR = new SdkShape("input validation (invalid_arguments)",
            ClassFilter.TOOL_INPUT_VALIDATOR, "static CallToolResult validate(...), null when the arguments are valid",
            isMethod().and(named("validate")).and(isStatic()).and(returns(named(CALL_TOOL_RESULT))), null);

    static final List<SdkShape> ALL = List.of(TOOLS_CALL, STATELESS_TOOLS_CALL, INPUT_VALIDATOR);

    /** The shape the class {@code className} (binary name) must have, or null if no SDK advice goes there. */
    static SdkShape forClass(String className) {
        for (SdkShape shape : ALL) {
            if (shape.className.equals(className)) {
                return shape;
            }
        }
        return null;
    }

    /** The tools/call handler lambda of {@code server}, taking {@code firstParameter} and the raw params. */
    static SdkShape handler(String server, String firstParameter) {
        String simple = firstParameter.substring(firstParameter.lastIndexOf('.') + 1);
        return new SdkShape("tools/call", server, "the " + HANDLER_METHOD + "() lambda: instance method Mono "
                + HANDLER_LAMBDA_PREFIX + "N(" + simple + ", Object)",
                isMethod().and(nameStartsWith(HANDLER_LAMBDA_PREFIX)).and(not(isStatic())).and(takesArguments(2))
                        .and(takesArgument(0, named(firstParameter))).and(takesArgument(1, named("java.lang.Object")))
                        .and(returns(named(MONO))),
                HANDLER_METHOD);
    }
}
