package io.mcpmonitor.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.AnomalyType;
import io.mcpmonitor.core.detect.Severity;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.core.store.ErrorCount;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A report as JSON ({@code reportVersion} {@value Report#FORMAT_VERSION}): plain maps, lists, strings
 * and numbers, so the same tree is an MCP tool's {@code structuredContent} and, written out, the
 * JSON file. Summaries carry the field names of {@code get_metrics} ({@code totalCalls},
 * {@code avgResponseTime}, {@code p95ResponseTime}, {@code errorRate}, …) with the same values;
 * times are ISO-8601, durations ms, rates percent, an unknown change {@code null}. Stateless.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Records to maps: times as ISO-8601, enums by wire name, NaN and infinities (JSON has none) as null. */
    private static final ObjectMapper RECORDS = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, ToStringSerializer.instance)
            .addSerializer(AnomalyType.class, new ToStringWith<>(AnomalyType.class, AnomalyType::wireName))
            .addSerializer(Severity.class, new ToStringWith<>(Severity.class, Severity::wireName))
            .addSerializer(Double.class, new FiniteOrNull()).addSerializer(double.class, new FiniteOrNull()));

    private JsonReport() {
    }

    public static String render(Report r) {
        try {
            return JSON.writeValueAsString(toMap(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of plain values could not be written as JSON", e);
        }
    }

    /** The report as a JSON object tree. */
    public static Map<String, Object> toMap(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        ReportRequest q = r.request();
        m.put("reportVersion", Report.FORMAT_VERSION);
        m.put("startTime", q.start().toString());
        m.put("endTime", q.end().toString());
        m.put("effectiveStart", q.effectiveStart().toString());
        m.put("effectiveEnd", q.effectiveEnd().toString());
        m.put("mcpServer", q.server());
        m.put("generatedAt", r.generatedAt().toString());
        m.put(Section.SUMMARY.id, Map.of("highlights", r.highlights()));
        m.put("overall", comparison(r.overall()));
        List<Object> servers = new ArrayList<>();
        for (ServerReport s : r.servers()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("mcpServer", s.server());
            sm.putAll(comparison(s.totals()));
            List<Object> tools = new ArrayList<>();
            for (ToolReport t : s.tools()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("toolName", t.tool());
                tm.put("summary", summary(t.summary()));
                tm.put("previousPeriod", trend(t.previousPeriod()));
                tools.add(tm);
            }
            sm.put("tools", tools);
            servers.add(sm);
        }
        m.put("servers", servers);
        m.put(Section.BOTTLENECKS.id, r.bottlenecks().stream().map(JsonReport::bottleneck).toList());
        m.put("bottleneckFormula", "impactSeconds = p95ResponseTime (ms) * calls / 1000; ranked by impact, then p95");
        m.put("failingTools", r.failingTools().stream().map(JsonReport::failing).toList());
        m.put("contextCost", r.contextCost().stream().map(c -> {
            Map<String, Object> x = new java.util.LinkedHashMap<>();
            x.put("rank", c.rank());
            x.put("mcpServer", c.server());
            x.put("toolName", c.tool());
            x.put("totalBytes", c.totalBytes());
            x.put("estimatedTokens", c.estimatedTokens());
            x.put("p95Bytes", c.p95Bytes());
            x.put("maxBytes", c.maxBytes());
            x.put("previousTotalBytes", c.previousTotalBytes() < 0 ? null : c.previousTotalBytes());
            x.put("changePercent", Double.isNaN(c.changePercent()) ? null : c.changePercent());
            return x;
        }).toList());
        m.put("topClients", r.topClients().stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("client", c.client());
            x.put("calls", c.calls());
            x.put("errors", c.errors());
            x.put("errorRate", Double.isNaN(c.errorRate()) ? null : c.errorRate());
            return x;
        }).toList());
        m.put(Section.ANOMALIES.id, r.anomalies().stream().map(JsonReport::anomaly).toList());
        m.put(Section.ALERTS.id, r.alerts().stream().map(JsonReport::alert).toList());
        m.put(Section.DEPLOYMENTS.id, r.deployments().stream().map(d -> {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("timestamp", d.at().toString());
            dm.put("mcpServer", d.server());
            dm.put("version", d.version());
            dm.put("previousVersion", d.previousVersion());
            dm.put("environment", d.environment());
            dm.put("verdict", d.verdict());
            dm.put("doNotPromote", d.doNotPromote());
            return dm;
        }).toList());
        if (q.includeRecommendations()) {
            m.put(Section.RECOMMENDATIONS.id, r.recommendations());
        }
        m.put(Section.CHARTS.id, r.charts().stream().map(JsonReport::chart).toList());
        return m;
    }

    private static Map<String, Object> comparison(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", summary(c.summary()));
        m.put("previousPeriod", trend(c.previousPeriod()));
        m.put("weekOverWeek", trend(c.weekOverWeek()));
        return m;
    }

    /** Same fields and values as the {@code summary} of {@code get_metrics}. */
    static Map<String, Object> summary(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalCalls", s.totalCalls());
        m.put("avgResponseTime", number(s.avgResponseTime())); // null: no calls
        m.put("p50ResponseTime", number(s.p50ResponseTime())); // null: no calls
        m.put("p95ResponseTime", number(s.p95ResponseTime())); // null: no calls
        m.put("p99ResponseTime", number(s.p99ResponseTime())); // null: no calls
        m.put("minResponseTime", number(s.minResponseTime())); // null: no calls
        m.put("maxResponseTime", number(s.maxResponseTime())); // null: no calls
        m.put("errorRate", number(s.errorRate())); // null: no calls
        m.put("errorsByOutcome", new TreeMap<>(s.errorsByOutcome()));
        m.put("topErrors", s.topErrors().stream().map(JsonReport::error).toList());
        return m;
    }

    private static Map<String, Object> error(ErrorCount e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", e.outcome().wireName());
        m.put("errorType", e.errorType());
        m.put("message", e.message());
        m.put("example", e.example());
        m.put("count", e.count());
        return m;
    }

    private static Map<String, Object> trend(Trend t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("previousStart", t.previousStart().toString());
        m.put("previousEnd", t.previousEnd().toString());
        m.put("direction", t.direction());
        m.put("callsChange", number(t.callsChange()));
        m.put("avgResponseTimeChange", number(t.avgResponseTimeChange()));
        m.put("p95ResponseTimeChange", number(t.p95ResponseTimeChange()));
        m.put("errorRateChange", number(t.errorRateChange()));
        m.put("note", t.note());
        m.put("previous", summary(t.previous()));
        return m;
    }

    private static Map<String, Object> bottleneck(Bottleneck b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", b.rank());
        m.put("mcpServer", b.server());
        m.put("toolName", b.tool());
        m.put("calls", b.calls());
        m.put("p95ResponseTime", b.p95ResponseTime());
        m.put("impactSeconds", b.impactSeconds());
        m.put("sharePercent", b.sharePercent());
        return m;
    }

    private static Map<String, Object> failing(FailingTool f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", f.rank());
        m.put("mcpServer", f.server());
        m.put("toolName", f.tool());
        m.put("calls", f.calls());
        m.put("errors", f.errors());
        m.put("errorRate", f.errorRate());
        m.put("errorsByOutcome", new TreeMap<>(f.errorsByOutcome()));
        m.put("topErrors", f.topErrors().stream().map(JsonReport::error).toList());
        return m;
    }

    /**
     * An anomaly in the shape {@code detect_anomalies} answers: its record components by
     * name, the details nested, enums by wire name, times ISO-8601, unknown numbers null.
     */
    private static Map<String, Object> anomaly(Anomaly a) {
        return RECORDS.convertValue(a, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.id());
        m.put("severity", a.severity().wireName());
        m.put("status", a.status().wireName());
        m.put("mcpServer", a.server());
        m.put("toolName", a.tool());
        m.put("metric", a.metric().wireName());
        m.put("statistic", a.statistic());
        m.put("currentValue", number(a.currentValue()));
        m.put("threshold", a.threshold());
        m.put("unit", a.metric().unit());
        m.put("startsAt", time(a.startsMillis()));
        m.put("lastFiringAt", time(a.lastFiringMillis()));
        m.put("resolvedAt", time(a.resolvedMillis()));
        m.put("count", a.count());
        return m;
    }

    private static Map<String, Object> chart(Chart c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("unit", c.unit());
        m.put("bucketSeconds", c.bucketMillis() / 1000);
        m.put("lines", c.lines().stream().map(l -> {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("label", l.label());
            lm.put("points", l.points().stream().map(p -> List.of(p.time().toString(), p.value())).toList());
            return lm;
        }).toList());
        m.put("markers", c.markers().stream().map(k -> Map.of("time", k.time().toString(), "label", k.label())).toList());
        return m;
    }

    /** Writes a value as the string {@code name} gives it. */
    private static final class ToStringWith<T> extends StdSerializer<T> {
        private final transient Function<T, String> name;

        ToStringWith(Class<T> type, Function<T, String> name) {
            super(type);
            this.name = name;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(name.apply(value));
        }
    }

    /** A double as a number, or null when it is NaN or infinite. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(value)) {
                g.writeNumber(value);
            } else {
                g.writeNull();
            }
        }
    }

    private static Double number(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String time(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
