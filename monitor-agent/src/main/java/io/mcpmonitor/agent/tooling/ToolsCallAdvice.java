package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.agent.bootstrap.ToolCall;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.McpMonitorTimedMono;

/**
 * Advice inlined into the body of the SDK's tools/call handler: the lambda that
 * {@code McpAsyncServer.toolsCallRequestHandler()} and {@code McpStatelessAsyncServer.toolsCallRequestHandler()}
 * return, {@code Mono<CallToolResult> handle(exchange or context, Object params)}. It runs once per
 * tools/call, whatever transport or registration style, from SDK 0.17 to 2.x.
 *
 * <p>Static and stateless; never loaded as a class, only read by Byte Buddy, so its references resolve in
 * the host: {@link Bridge} and {@link ToolCall} from the bootstrap class path, {@link McpMonitorTimedMono}
 * from Reactor's class loader, where the agent defined it ({@link ReactorHelper}). Where it could not,
 * {@link ToolsCallPeekAdvice} is used instead. Exceptions are suppressed (and counted through
 * {@link Bridge#adviceError}).
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
                     @Advice.Thrown Throwable thrown) {
        ToolCall call = Bridge.toolCallExit(startNanos, server, exchange, params, thrown);
        if (call != null && result != null) {
            result = McpMonitorTimedMono.wrap(result, call);
        }
    }
}
