package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Operation;
import io.mcpmonitor.agent.bootstrap.Operations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * Advice inlined into the body of an SDK request handler other than tools/call: the lambda
 * {@code resourcesReadRequestHandler()}, {@code promptsGetRequestHandler()} (and, on a stateless server,
 * {@code asyncInitializeRequestHandler()}) of {@code McpAsyncServer} and {@code McpStatelessAsyncServer} return,
 * {@code Mono<?> handle(exchange or context, Object params)}; the method it times is bound as a constant
 * ({@link OperationMethod}). The result is decorated with Reactor's own {@code doOn*} operators: these methods
 * are not on a tool call's path, so the agent's cheaper helper operator is kept for tools/call.
 *
 * <p>Static and stateless; read by Byte Buddy, never loaded. Exceptions are suppressed (and counted).
 */
final class OperationAdvice {

    private OperationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return Operations.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long startNanos,
                     @OperationMethod String method,
                     @Advice.This Object server,
                     @Advice.Argument(0) Object exchange,
                     @Advice.Argument(1) Object params,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        Operation op = Operations.exit(method, startNanos, server, exchange, params, thrown);
        if (op != null && result != null) {
            result = ((Mono<?>) result).doOnSuccess(op).doOnError(op).doOnCancel(op);
        }
    }
}
