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
 *   <li>{@code McpStreamableServerSession.responseStream(JSONRPCRequest, transport)} and
 *       {@code accept(JSONRPCNotification)}: requests and notifications of a Streamable HTTP session.
 * </ul>
 * The same public signatures from SDK 0.17 to 2.x. A class without them is left unchanged (its calls are
 * still timed; only a client's cancellation is not seen). Stateless servers have no session to cancel in.
 */
final class SessionTargets {

    static final String SERVER_SESSION = "io.modelcontextprotocol.spec.McpServerSession";
    static final String STREAMABLE_SESSION = "io.modelcontextprotocol.spec.McpStreamableServerSession";
    private static final String SCHEMA = "io.modelcontextprotocol.spec.McpSchema$";

    private SessionTargets() {
    }

    static boolean isTarget(String className) {
        return className.equals(SERVER_SESSION) || className.equals(STREAMABLE_SESSION);
    }

    /** The methods of {@code className} (one of {@link #isTarget}) that receive a client's messages. */
    static ElementMatcher.Junction<MethodDescription> methods(String className) {
        ElementMatcher.Junction<MethodDescription> base = isMethod().and(isPublic()).and(not(isStatic()));
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
