package io.mcpmonitor.core.report;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.DeploymentVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where a report takes its deployments from. Implementations must be thread-safe and never return null. */
@FunctionalInterface
public interface DeploymentSource {

    /** No deployments. */
    DeploymentSource NONE = (start, end, server) -> List.of();

    /** The deployments in {@code [start, end)} ({@code server} null = all), oldest first. */
    List<ReportDeployment> deployments(Instant start, Instant end, String server);

    /** The deployment log of the store at {@code storeRoot}, with its verdicts. */
    static DeploymentSource of(Path storeRoot) {
        return (start, end, server) -> {
            DeploymentLog log = new DeploymentLog(storeRoot);
            try {
                Map<String, DeploymentVerdict> verdicts = new HashMap<>();
                log.verdicts().forEach(v -> verdicts.putIfAbsent(v.deploymentId(), v));
                return log.all().stream()
                        .filter(d -> !d.at().isBefore(start) && d.at().isBefore(end) && (server == null || server.equals(d.server())))
                        .map(d -> entry(d, verdicts.get(d.id()))).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static ReportDeployment entry(Deployment d, DeploymentVerdict v) {
        return new ReportDeployment(d.at(), d.server(), d.version(), d.previousVersion(), d.environment(),
                v == null ? "not judged" : v.verdict().wireName(), v != null && v.doNotPromote());
    }
}
