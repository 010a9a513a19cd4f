package io.mcpmonitor.prometheus.fleet;

import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.prometheus.exposition.OtelNames;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sidecar's questions answered from PromQL over every host's exported series.
 *
 * <p>The exported counters and buckets are cumulative store counts, so the calls of a range are the
 * counter at its end minus the counter at its start (0 where the series did not exist yet): exact,
 * except that calls a store held before Prometheus first scraped it count at that first scrape.
 * Percentiles are interpolated within the semconv bucket holding them (Prometheus' own rule), so they
 * are exact only to that bucket's width; max is the upper bound of the highest non-empty bucket.
 * Stateless apart from the client; thread-safe.
 */
public final class FleetQueries {

    /** Says how exact a fleet answer is; put in every answer. */
    public static final String EXACTNESS = "answered from Prometheus: call and error counts are the stores' exact counts; "
            + "percentiles are interpolated within the semconv histogram bucket that holds them (exact to that bucket's width), "
            + "max is that bucket's upper bound";

    private final PromQl promql;

    public FleetQueries(PromQl promql) {
        this.promql = promql;
    }

    public PromQl promql() {
        return promql;
    }

    /** One tool of one server as the fleet sees it: calls and errors over everything exported. */
    public record ToolTotals(String server, String tool, long calls, long errors, Instant firstSeen, Instant lastSeen) {
    }

    /** Every (server, tool) with its totals, sorted; {@code server} null for all. */
    public List<ToolTotals> servers(String server, Instant at) throws IOException {
        String sel = selector(server, null, null);
        String by = " by (" + OtelNames.SERVER + ", " + OtelNames.TOOL + ") ";
        Map<List<String>, double[]> t = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (var s : promql.vector("sum" + by + "(" + OtelNames.CALLS + sel + ")", at)) {
            t.computeIfAbsent(key(s), k -> new double[] {0, 0, Double.NaN, Double.NaN})[0] = s.value();
        }
        for (var s : promql.vector("sum" + by + "(" + OtelNames.CALLS + selector(server, null, "outcome!=\"success\"") + ")", at)) {
            t.computeIfAbsent(key(s), k -> new double[] {0, 0, Double.NaN, Double.NaN})[1] = s.value();
        }
        for (var s : promql.vector("min" + by + "(" + OtelNames.FIRST_SEEN + sel + ")", at)) {
            double[] v = t.get(key(s));
            if (v != null) {
                v[2] = s.value();
            }
        }
        for (var s : promql.vector("max" + by + "(" + OtelNames.LAST_SEEN + sel + ")", at)) {
            double[] v = t.get(key(s));
            if (v != null) {
                v[3] = s.value();
            }
        }
        List<ToolTotals> out = new ArrayList<>();
        t.forEach((k, v) -> out.add(new ToolTotals(k.get(0), k.get(1), Math.round(v[0]), Math.round(v[1]), seconds(v[2]), seconds(v[3]))));
        return out;
    }

    /** The summary of the calls in {@code [start, end)} matching {@code server}/{@code tool} (null for all). */
    public Summary summary(String server, String tool, Instant start, Instant end) throws IOException {
        String sel = selector(server, tool, null);
        Map<String, Long> byOutcome = new TreeMap<>();
        long total = 0;
        Map<String, Double> before = byLabel("sum by (outcome) (" + OtelNames.CALLS + sel + ")", "outcome", start);
        for (var e : byLabel("sum by (outcome) (" + OtelNames.CALLS + sel + ")", "outcome", end).entrySet()) {
            long n = Math.max(0, Math.round(e.getValue() - before.getOrDefault(e.getKey(), 0.0)));
            total += n;
            if (!e.getKey().equals("success") && n > 0) {
                byOutcome.put(e.getKey(), n);
            }
        }
        if (total == 0) {
            double nan = Double.NaN;
            return new Summary(0, nan, nan, nan, nan, nan, nan, nan, byOutcome, List.of());
        }
        Map<String, Double> b0 = byLabel("sum by (le) (" + OtelNames.DURATION + "_bucket" + sel + ")", "le", start);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        byLabel("sum by (le) (" + OtelNames.DURATION + "_bucket" + sel + ")", "le", end).forEach((le, v) ->
                buckets.put(Double.parseDouble(le.replace("+Inf", "Infinity")), v - b0.getOrDefault(le, 0.0)));
        double sum = scalar("sum(" + OtelNames.DURATION + "_sum" + sel + ")", end) - scalar("sum(" + OtelNames.DURATION + "_sum" + sel + ")", start);
        double count = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        long errors = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        return new Summary(total, count > 0 ? 1000 * sum / count : Double.NaN, 1000 * quantile(0.5, buckets),
                1000 * quantile(0.95, buckets), 1000 * quantile(0.99, buckets), 1000 * lowest(buckets), 1000 * quantile(1, buckets),
                100.0 * errors / total, byOutcome, List.of());
    }

    /**
     * Prometheus' {@code histogram_quantile} over cumulative buckets (upper bound to cumulative count):
     * linear interpolation within the bucket holding the rank, the lowest bucket starting at 0, and the
     * highest finite bound for a rank in {@code +Inf}. NaN when empty.
     */
    static double quantile(double q, TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= rank && e.getValue() > below) {
                if (e.getKey().isInfinite()) {
                    return lower;
                }
                return lower + (e.getKey() - lower) * (rank - below) / (e.getValue() - below);
            }
            lower = e.getKey();
            below = e.getValue();
        }
        return lower;
    }

    /** The lower bound of the lowest non-empty bucket (the fastest call is at least this). */
    private static double lowest(TreeMap<Double, Double> cumulative) {
        double lower = 0;
        for (var e : cumulative.entrySet()) {
            if (e.getValue() > 0) {
                return lower;
            }
            lower = e.getKey();
        }
        return Double.NaN;
    }

    private Map<String, Double> byLabel(String q, String label, Instant at) throws IOException {
        Map<String, Double> out = new TreeMap<>();
        for (var s : promql.vector(q, at)) {
            out.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum);
        }
        return out;
    }

    private double scalar(String q, Instant at) throws IOException {
        double sum = 0;
        for (var s : promql.vector(q, at)) {
            sum += s.value();
        }
        return sum;
    }

    private static List<String> key(PromQl.Sample s) {
        return List.of(s.labels().getOrDefault(OtelNames.SERVER, ""), s.labels().getOrDefault(OtelNames.TOOL, ""));
    }

    private static Instant seconds(double epochSeconds) {
        return Double.isNaN(epochSeconds) ? null : Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }

    /** A selector of server, tool and one extra matcher, each optional; values quoted as PromQL strings. */
    static String selector(String server, String tool, String extra) {
        List<String> m = new ArrayList<>();
        if (server != null) {
            m.add(OtelNames.SERVER + "=" + quote(server));
        }
        if (tool != null) {
            m.add(OtelNames.TOOL + "=" + quote(tool));
        }
        if (extra != null) {
            m.add(extra);
        }
        return m.isEmpty() ? "" : "{" + String.join(",", m) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
