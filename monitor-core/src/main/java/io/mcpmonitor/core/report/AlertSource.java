package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertEngine;
import java.util.List;

/**
 * Where a report takes its alerts from: every alert known, open and resolved; the report keeps those
 * of its range and server. Implementations must be thread-safe and never return null.
 */
@FunctionalInterface
public interface AlertSource {

    /** No alerts. */
    AlertSource NONE = List::of;

    /** Every alert known, resolved ones included (they are kept 30 days). */
    List<Alert> alerts();

    /** The alert state of a store, as {@code engine} holds it. */
    static AlertSource of(AlertEngine engine) {
        return () -> engine.alerts(true);
    }
}
