/**
 * Test support shared by the modules' tests and benchmarks; not API and not shipped.
 *
 * <p>{@link io.mcpmonitor.testkit.ChildProcess} runs a JVM (or any command) with its output captured line by
 * line; {@link io.mcpmonitor.testkit.Announcement} catches the address a server announces on stderr when
 * something else (the MCP SDK's stdio client transport) owns the process; {@link io.mcpmonitor.testkit.Jars}
 * finds the packaged jars the integration tests run; {@link io.mcpmonitor.testkit.LoopbackDaemon} runs a
 * third-party server (Prometheus, Alertmanager) on a free loopback port until it is ready;
 * {@link io.mcpmonitor.testkit.ManualTime} is a clock a test moves by hand; {@link io.mcpmonitor.testkit.Patience}
 * says how long to wait for what load makes slow. JDK only, so that monitor-core's own tests can use it too.
 */
package io.mcpmonitor.testkit;
