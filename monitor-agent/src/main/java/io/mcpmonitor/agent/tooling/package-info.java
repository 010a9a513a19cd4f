/**
 * The agent proper, loaded by the agent's isolated class loader with its relocated libraries (Byte Buddy,
 * monitor-core, Jackson, HdrHistogram): options, installation, the class filter and the weaver, the advice
 * (read by Byte Buddy, never loaded), and the sink that hands calls to monitor-core's {@code Monitor}.
 *
 * <p>Cross-class rules: advice classes are static and stateless, declare {@code suppress = Throwable.class},
 * are referenced by name and call the bridge; work off the hot path fails fast with an
 * {@link java.lang.IllegalArgumentException} naming the value (options), while work on the host's threads
 * (transformation, recording) never throws into the host and logs each kind of failure once. Only daemon
 * threads named {@code mcp-monitor-*}. Null policy: no parameter or return value is null unless its javadoc
 * says so.
 */
package io.mcpmonitor.agent.tooling;
