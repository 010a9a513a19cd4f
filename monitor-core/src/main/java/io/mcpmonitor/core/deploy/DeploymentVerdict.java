package io.mcpmonitor.core.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The verdict the sidecar gave a deployment, kept in the deployment log so that a deployment is
 * judged (and its rollback triggered) once, across restarts and however many sidecars share the store.
 *
 * @param failingTools the tools judged {@code fail}, in name order
 * @param summary      one line: the verdict and the worst finding
 */
public record DeploymentVerdict(String deploymentId, Verdict verdict, Instant judgedAt, boolean doNotPromote,
                                List<String> failingTools, String summary) {

    public DeploymentVerdict {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(judgedAt, "judgedAt");
        failingTools = List.copyOf(failingTools);
        Objects.requireNonNull(summary, "summary");
    }
}
