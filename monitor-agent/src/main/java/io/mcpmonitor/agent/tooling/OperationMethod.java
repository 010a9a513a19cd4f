package io.mcpmonitor.agent.tooling;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of {@link OperationAdvice} that receives the MCP method name the advice times: a constant
 * bound by the {@link Weaver} for each handler it weaves, so one advice serves every method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface OperationMethod {
}
