package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.agent.bootstrap.ToolCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.McpMonitorTimedMono;
import reactor.core.publisher.Mono;

/**
 * Advice inlined into the body of the SDK's tools/call handler: the lambda that
 * {@code McpAsyncServer.toolsCallRequestHandler()} and {@code McpStatelessAsyncServer.toolsCallRequestHandler()}
 * return, {@code Mono<CallToolResult> handle(exchange or context, Object params)}. It runs once per
 * tools/call, whatever transport or registration style, from SDK 0.17 to 2.x.
 *
 * <p>The call is timed until the returned {@code Mono} ends: through the agent's own operator,
 * {@link McpMonitorTimedMono}, where the agent could define it in Reactor's class loader ({@link ReactorHelper}),
 * else through Reactor's {@code doOnSuccess}, {@code doOnError} and {@code doOnCancel} (a few hundred nanoseconds
 * more per call). Which one is a constant the weaver binds ({@link HelperDefined}); the JVM resolves a reference
 * only when it first runs, so the helper's class need not exist where that branch never runs.
 *
 * <p>Static and stateless; never loaded as a class, only read by Byte Buddy, so its references resolve in
 * the host: {@link Bridge} and {@link ToolCall} from the bootstrap class path, Reactor and the helper from
 * Reactor's class loader. Exceptions are suppressed (and counted through {@link Bridge#adviceError}).
 */
final class ToolsCallAdvice {

    private ToolsCallAdvice() {
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
                     @Advice.Thrown Throwable thrown,
                     @HelperDefined boolean helper) {
        ToolCall call = Bridge.toolCallExit(startNanos, server, exchange, params, thrown);
        if (call != null && result != null) {
            result = helper ? McpMonitorTimedMono.wrap(result, call)
                    : ((Mono<?>) result).doOnSuccess(call).doOnError(call).doOnCancel(call);
        }
    }
}
