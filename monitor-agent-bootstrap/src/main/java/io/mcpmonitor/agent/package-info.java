/**
 * The agent's entry points, loaded by the JVM from the agent jar's root: {@code AgentMain} (premain,
 * agentmain, the {@code attach} command) and {@code AgentClassLoader}, which loads the rest of the agent from
 * the jar's {@code inst/} entries, isolated from the host.
 *
 * <p>Rules for this package: JDK types only; premain does as little as possible, catches every
 * {@link java.lang.Throwable}, prints one line to stderr and never rethrows; nothing is written to stdout.
 * Null policy: no parameter or return value is null unless its javadoc says so.
 */
package io.mcpmonitor.agent;
