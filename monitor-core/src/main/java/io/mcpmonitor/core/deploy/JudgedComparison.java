package io.mcpmonitor.core.deploy;

import java.util.Objects;
import java.util.Optional;

/**
 * A comparison with what was compared: the mode, the baseline ("before") and candidate ("after")
 * server and ranges (epoch ms, {@code [from, to)}, whole minutes), the deployment judged if any,
 * and the judge's answer.
 *
 * @param mode {@code deployment}, {@code windows} or {@code servers}
 */
public record JudgedComparison(String mode, String baselineServer, long beforeFromMillis, long beforeToMillis,
                               String candidateServer, long afterFromMillis, long afterToMillis,
                               Optional<Deployment> deployment, Comparison comparison) {

    public JudgedComparison {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(comparison, "comparison");
    }

    /** A staging build judged {@code fail} must not reach production. */
    public boolean doNotPromote() {
        return comparison.overall() == Verdict.FAIL
                && (deployment.map(Deployment::isStaging).orElse(false) || mode.equals("servers"));
    }
}
