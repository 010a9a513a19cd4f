package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Assertions on what the agent wrote to the host's stderr: by default, nothing but information. */
final class AgentOutput {

    static final String PREFIX = "[mcp-monitor] ";
    static final String STARTED = PREFIX + "INFO agent started: ";

    private AgentOutput() {
    }

    /** The agent's own lines. */
    static List<String> lines(List<String> stderr) {
        return stderr.stream().filter(l -> l.contains(PREFIX)).toList();
    }

    /** Fails on any agent warning or error (instrumentation failure, suppressed advice error, ...). */
    static void assertNoWarnings(List<String> stderr) {
        assertThat(lines(stderr)).as("agent warnings on stderr")
                .noneMatch(l -> l.contains(PREFIX + "WARN") || l.contains(PREFIX + "ERROR"));
    }
}
