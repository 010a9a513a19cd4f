package io.mcpmonitor.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Where the SDK's server sessions receive a client's messages, the targets of {@link SessionMessageAdvice}:
 * <ul>
 *   <li>{@code McpServerSession.handle(JSONRPCMessage)}: every message of a stdio, SSE or other
 *       session-per-connection transport;
 *   <li>{@code McpStreamableServerSession.responseStream(JSONRPCRequest, transport)} (0.17) or
 *       {@code McpStreamableServerSessionStream.handle(JSONRPCRequest)} (1.x, 2.x), and
 *       {@code McpStreamableServerSession.accept(JSONRPCNotification)}: requests and notifications of a
 *       Streamable HTTP session; the stream's requests belong to its enclosing session, read from its
 *       {@code this$0} field ({@link StreamRequestAdvice}).
 * </ul>
 * Public signatures, stable from SDK 0.17 to 2.x. A class without them is left unchanged (its calls are
 * still timed; only a client's cancellation is not seen). Stateless servers have no session to cancel in.
 */
final class SessionTargets {

    static final String SERVER_SESSION = "io.modelcontextprotocol.spec.McpServerSession";
    static final String STREAMABLE_SESSION = "io.modelcontextprotocol.spec.McpStreamableServerSession";
    /** Where SDK 1.x and 2.x hand a Streamable HTTP request to its session (a stream of the session). */
    static final String STREAMABLE_STREAM = STREAMABLE_SESSION + "$McpStreamableServerSessionStream";
    /** The stream's reference to its enclosing session (javac's name for it). */
    static final String OUTER_SESSION_FIELD = "this$0";
    private static final String SCHEMA = "io.modelcontextprotocol.spec.McpSchema$";

    private SessionTargets() {
    }

    static boolean isTarget(String className) {
        return className.equals(SERVER_SESSION) || className.equals(STREAMABLE_SESSION)
                || className.equals(STREAMABLE_STREAM);
    }

    /** The methods of {@code className} (one of {@link #isTarget}) that receive a client's messages. */
    static ElementMatcher.Junction<MethodDescription> methods(String className) {
        ElementMatcher.Junction<MethodDescription> base = isMethod().and(isPublic()).and(not(isStatic()));
        if (className.equals(STREAMABLE_STREAM)) {
            return base.and(named("handle")).and(takesArguments(1))
                    .and(takesArgument(0, named(SCHEMA + "JSONRPCRequest")));
        }
        if (className.equals(SERVER_SESSION)) {
            return base.and(named("handle")).and(takesArguments(1))
                    .and(takesArgument(0, named(SCHEMA + "JSONRPCMessage")));
        }
        return base.and(named("responseStream").and(takesArguments(2))
                        .and(takesArgument(0, named(SCHEMA + "JSONRPCRequest")))
                .or(named("accept").and(takesArguments(1))
                        .and(takesArgument(0, named(SCHEMA + "JSONRPCNotification")))));
    }
}
