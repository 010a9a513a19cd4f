package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined at the entry of a server session's message handling ({@link SessionTargets}): hands the
 * session and the received message to {@link Bridge#sessionMessage}, which follows tools/call requests and
 * the client's {@code notifications/cancelled}. Static and stateless; the message passes on unchanged.
 * Exceptions are suppressed (and counted through {@link Bridge#adviceError}).
 */
final class SessionMessageAdvice {

    private SessionMessageAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object session, @Advice.Argument(0) Object message) {
        Bridge.sessionMessage(session, message);
    }
}
