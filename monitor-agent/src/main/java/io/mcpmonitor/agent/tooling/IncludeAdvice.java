package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice on methods chosen by {@code include=}: each call is timed as a tool named by {@link ToolName} (the
 * method's name, or its annotation's {@code name}/{@code value}), outermost call only. Static and stateless.
 */
final class IncludeAdvice {

    private IncludeAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
        return Bridge.methodEnter();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter long startNanos,
                     @ToolName String tool,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Bridge.methodExit(startNanos, tool, returned, thrown);
    }
}
