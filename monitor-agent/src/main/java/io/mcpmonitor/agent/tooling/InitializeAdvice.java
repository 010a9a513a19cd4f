package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Operation;
import io.mcpmonitor.agent.bootstrap.Operations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * Advice on a stateful server's {@code McpAsyncServer.asyncInitializeRequestHandler(InitializeRequest)}
 * (0.17 to 2.x), which answers each session's {@code initialize}: timed until its {@code Mono} ends, named by the
 * negotiated protocol version, attributed to the request's {@code clientInfo}. Static and stateless.
 */
final class InitializeAdvice {

    private InitializeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return Operations.enter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long startNanos,
                     @Advice.This Object server,
                     @Advice.Argument(0) Object request,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        Operation op = Operations.initializeExit(startNanos, server, request, thrown);
        if (op != null && result != null) {
            result = ((Mono<?>) result).doOnSuccess(op).doOnError(op).doOnCancel(op);
        }
    }
}
