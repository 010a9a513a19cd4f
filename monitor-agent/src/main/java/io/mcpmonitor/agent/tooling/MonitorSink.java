package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.CallSink;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's sink: hands each finished call to monitor-core's {@link Monitor} (lock-free HdrHistogram
 * recorders, allocation-free once the series exists) and counts the agent's own internal errors.
 *
 * <p>Thread-safe; never throws (a failure is counted and logged, rate-limited).
 */
final class MonitorSink extends CallSink {

    // Index = the bridge's outcome code.
    private static final Outcome[] OUTCOMES = {
        Outcome.SUCCESS, Outcome.TOOL_ERROR, Outcome.EXCEPTION, Outcome.UNKNOWN_TOOL, Outcome.INVALID_ARGUMENTS,
        Outcome.CANCELLED, Outcome.TIMEOUT
    };

    private final Monitor monitor;
    private final AgentLog log;
    private final AtomicLong internalErrors = new AtomicLong();
    private final DeploymentRecorder deployments;
    private final StructuredSizer structuredSizer;

    MonitorSink(Monitor monitor, AgentLog log, DeploymentRecorder deployments) {
        this.monitor = monitor;
        this.log = log;
        this.deployments = deployments;
        this.structuredSizer = new StructuredSizer(monitor, log);
    }

    @Override
    public void resultSize(String server, String tool, long textBytes, Object structured) {
        try {
            if (structured == null) {
                monitor.recordResultSize(server, tool, textBytes);
            } else {
                structuredSizer.offer(server, tool, textBytes, structured);
            }
        } catch (RuntimeException e) {
            internalError("resultSize", e);
        }
    }

    @Override
    public void serverSeen(String server, String version) {
        try {
            if (deployments != null) {
                deployments.serverSeen(server, version);
            }
        } catch (RuntimeException e) {
            internalError("serverSeen", e);
        }
    }

    DeploymentRecorder deployments() {
        return deployments;
    }

    @Override
    public void record(String server, String tool, long durationNanos, int outcome) {
        try {
            monitor.record(server, tool, durationNanos, outcome(outcome));
        } catch (RuntimeException e) {
            internalError("record", e);
        }
    }

    @Override
    public void recordError(String server, String tool, long durationNanos, int outcome, String errorType,
                            String errorMessage) {
        try {
            monitor.record(server, tool, durationNanos, outcome(outcome), errorType, errorMessage);
        } catch (RuntimeException e) {
            internalError("record", e);
        }
    }

    @Override
    public void recordCall(String server, String tool, String client, long durationNanos, int outcome,
                           String errorType, String errorMessage) {
        try {
            monitor.record(server, tool, client, durationNanos, outcome(outcome), errorType, errorMessage);
        } catch (RuntimeException e) {
            internalError("record", e);
        }
    }

    @Override
    public void recordOperation(String method, String server, String name, String client, long durationNanos,
                                int outcome, String errorType, String errorMessage) {
        try {
            monitor.recordOperation(method, server, name, client, durationNanos, outcome(outcome), errorType, errorMessage);
        } catch (RuntimeException e) {
            internalError("recordOperation", e);
        }
    }

    @Override
    public void internalError(String where, Throwable error) {
        internalErrors.incrementAndGet();
        log.warnOnce("internal:" + where, "internal error in " + where + " (suppressed, the host is unaffected): "
                + error);
    }

    long internalErrors() {
        return internalErrors.get();
    }

    Monitor monitor() {
        return monitor;
    }

    private static Outcome outcome(int code) {
        return code >= 0 && code < OUTCOMES.length ? OUTCOMES[code] : Outcome.EXCEPTION;
    }
}
