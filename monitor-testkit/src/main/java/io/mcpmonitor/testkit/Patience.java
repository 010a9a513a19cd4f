package io.mcpmonitor.testkit;

import java.time.Duration;

/**
 * How long a test waits for what a loaded machine makes slow. These are deadlines for a failure to show,
 * never measurements: a healthy run is done long before them, so they cost nothing when all is well and
 * are set for the worst machine the suite runs on (2 cores at a load of 20 to 40, where every runnable
 * thread gets a tenth of a core or less). Constants only.
 */
public final class Patience {

    /**
     * A spawned JVM's start up to its first answer (an MCP {@code initialize}): with the agent that is about
     * 1.7 CPU seconds, which took 20 s of wall time at load 23 on 2 cores, and proportionally longer under
     * more load. An MCP client's request and initialization timeouts must both be at least this, since the
     * first request's clock starts when the process does.
     */
    public static final Duration START = Duration.ofSeconds(180);

    private Patience() {
    }
}
