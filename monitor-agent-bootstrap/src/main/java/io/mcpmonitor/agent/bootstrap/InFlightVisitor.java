package io.mcpmonitor.agent.bootstrap;

/**
 * Receives the calls running now from {@link Bridge#visitInFlight}: one invocation per call, on the
 * thread that asked. Implemented by the agent's tooling; must not block and must not throw.
 */
public interface InFlightVisitor {

    /** A call of {@code tool} on {@code server} running since {@code startNanos} ({@link System#nanoTime()}). */
    void inFlight(String server, String tool, long startNanos);
}
