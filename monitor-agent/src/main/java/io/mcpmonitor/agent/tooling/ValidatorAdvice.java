package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice on the SDK's input validator ({@code io.modelcontextprotocol.util.ToolInputValidator.validate}, 2.x):
 * a non-null result is the {@code isError} result the SDK answers without calling the tool, which the agent
 * records as {@code invalid_arguments} rather than {@code tool_error}. Static and stateless.
 */
final class ValidatorAdvice {

    private ValidatorAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
        if (result != null) {
            Bridge.toolInputRejected(result);
        }
    }
}
