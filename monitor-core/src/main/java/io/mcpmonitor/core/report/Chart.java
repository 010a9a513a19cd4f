package io.mcpmonitor.core.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A time chart of a report: lines of points over {@code [start, end)} in buckets of
 * {@code bucketMillis}. A line has no point for a bucket without calls (latency, error rate) unless
 * zero is the true value (volume). Immutable.
 *
 * @param id    stable identifier, unique in a report ({@code latency-1}, {@code error-rate}, {@code volume})
 * @param unit    of the values: {@code ms}, {@code %} or {@code calls}
 * @param markers moments drawn as vertical lines (deployments), oldest first
 */
public record Chart(String id, String title, String unit, Instant start, Instant end, long bucketMillis, List<Line> lines,
                    List<Marker> markers) {

    public Chart {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(unit, "unit");
        lines = List.copyOf(lines);
        markers = List.copyOf(markers);
    }

    public Chart(String id, String title, String unit, Instant start, Instant end, long bucketMillis, List<Line> lines) {
        this(id, title, unit, start, end, bucketMillis, lines, List.of());
    }

    /** This chart with {@code markers} (replacing any it had). */
    public Chart withMarkers(List<Marker> markers) {
        return new Chart(id, title, unit, start, end, bucketMillis, lines, markers);
    }

    /** A moment on the time axis with a label (may come from outside: escape it). */
    public record Marker(Instant time, String label) {
        public Marker {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(label, "label");
        }
    }

    /** One line of a chart: a label (may come from outside: escape it) and its points, oldest first. */
    public record Line(String label, List<Point> points) {
        public Line {
            Objects.requireNonNull(label, "label");
            points = List.copyOf(points);
        }
    }

    /** The value of a bucket starting at {@code time}. */
    public record Point(Instant time, double value) {
    }
}
