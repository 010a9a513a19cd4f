package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.agent.bootstrap.ToolCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * The fallback of {@link ToolsCallAdvice} for a host where the agent's Reactor helper cannot be defined: the
 * same timing, with the result decorated by Reactor's own {@code doOnSuccess}, {@code doOnError} and
 * {@code doOnCancel} (a few hundred nanoseconds more per call). Static and stateless.
 */
final class ToolsCallPeekAdvice {

    private ToolsCallPeekAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return Bridge.toolCallEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long startNanos,
                     @Advice.This Object server,
                     @Advice.Argument(0) Object exchange,
                     @Advice.Argument(1) Object params,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        ToolCall call = Bridge.toolCallExit(startNanos, server, exchange, params, thrown);
        if (call != null && result != null) {
            result = ((Mono<?>) result).doOnSuccess(call).doOnError(call).doOnCancel(call);
        }
    }
}
