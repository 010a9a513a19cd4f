package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined at the entry of {@code McpStreamableServerSession.McpStreamableServerSessionStream.handle(
 * JSONRPCRequest)}, where SDK 1.x and 2.x hand a Streamable HTTP request to its session: the request belongs
 * to the stream's enclosing session (its {@code this$0}), the one that later receives the client's
 * {@code notifications/cancelled}. Static and stateless; see {@link SessionMessageAdvice}.
 */
final class StreamRequestAdvice {

    private StreamRequestAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.FieldValue("this$0") Object session, @Advice.Argument(0) Object request) {
        Bridge.sessionMessage(session, request);
    }
}
