package io.mcpmonitor.agent.tooling;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of {@link ToolsCallAdvice} that says whether the agent's Reactor helper is defined where
 * the woven class finds Reactor ({@link ReactorHelper}): a constant bound by the {@link Weaver} for each class it
 * weaves, so that one advice serves both cases.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface HelperDefined {
}
