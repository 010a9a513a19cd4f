package io.mcpmonitor.core.detect;

import java.util.List;

/**
 * Folds the minutes of one series in one {@link Metric.Family} into incidents: a minute whose
 * signals {@link Signal#opens open} starts an incident; while it is open, every abnormal minute
 * extends it and {@value Gates#CLOSE_AFTER_MINUTES} normal minutes in a row resolve it; a resolved
 * incident that turns abnormal again within {@value Gates#REOPEN_WITHIN_MINUTES} minutes is reopened
 * (the same anomaly, updated), so a flapping tool is one incident, not one per flap.
 *
 * <p>Not thread-safe; guarded by the owning {@link DetectorBank}'s lock.
 */
final class IncidentTracker {
    private final String server;
    private final String tool;
    private final Metric.Family family;
    private final String method;
    private Incident current;

    IncidentTracker(String server, String tool, Metric.Family family, String method) {
        this.server = server;
        this.tool = tool;
        this.family = family;
        this.method = method;
    }

    /** Writes the incident it follows (whole: it may be one the bank no longer keeps). */
    void writeState(StateOut out) {
        out.bool(current != null);
        if (current != null) {
            current.writeState(out);
        }
    }

    /**
     * Restores what {@link #writeState} wrote; an incident the bank keeps too is taken from
     * {@code known} (by id), so both hold the same object again.
     */
    void readState(StateIn in, java.util.Map<String, Incident> known) {
        current = null;
        if (in.bool()) {
            Incident i = Incident.readState(in);
            current = known.getOrDefault(i.id, i);
        }
    }

    /**
     * Takes one minute's signals of this family (possibly none); returns the incident if this minute
     * opened, extended, reopened or resolved it, else null.
     */
    Incident minute(long minuteMillis, List<Signal> signals) {
        Signal worstAbnormal = null;
        Signal firstOpening = null;
        Severity severity = Severity.INFO;
        for (Signal s : signals) {
            if (s.abnormal()) {
                severity = severity.max(s.severity());
                if (worstAbnormal == null || preferred(s, worstAbnormal)) {
                    worstAbnormal = s;
                }
            }
            if (s.opens() && (firstOpening == null || preferred(s, firstOpening))) {
                firstOpening = s;
            }
        }
        if (current != null && !current.resolved) {
            if (worstAbnormal != null) {
                current.absorb(worstAbnormal, severity);
                return current;
            }
            return current.normal() ? current : null;
        }
        if (current != null && worstAbnormal != null
                && minuteMillis - current.lastSeenMillis <= Gates.REOPEN_WITHIN_MINUTES * 60_000L) {
            current.absorb(worstAbnormal, severity);
            return current;
        }
        if (firstOpening != null) {
            current = new Incident(server, tool, family, method, firstOpening);
            current.absorb(firstOpening, severity);
            return current;
        }
        return null;
    }

    /** The open incident, or null. */
    Incident open() {
        return current != null && !current.resolved ? current : null;
    }

    /**
     * Which signal describes a minute: an all-errors rate over one class's, then the more severe,
     * then the larger deviation.
     */
    private static boolean preferred(Signal a, Signal b) {
        if ((a.outcome() == null) != (b.outcome() == null)) {
            return a.outcome() == null;
        }
        if (a.severity() != b.severity()) {
            return a.severity().compareTo(b.severity()) > 0;
        }
        return Math.abs(a.deviation()) > Math.abs(b.deviation());
    }
}
