package io.mcpmonitor.mcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.mcp.query.GetMetricsTool;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code get_metrics} for a person: a table, or the same JSON the tool answers with {@code --json}. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Latency, error rate and volume per server and tool over a time range (get_metrics).")
final class MetricsCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Mixin
    ScopeOption scope;

    @Mixin
    TimeRangeOption range;

    @Option(names = "--aggregation", defaultValue = "avg",
            description = "avg, p50, p90, p95, p99, p999, min, max, count, error_rate, throughput (default: ${DEFAULT-VALUE}).")
    String aggregation;

    @Option(names = "--groupBy", defaultValue = "none", description = "minute, hour, day or none (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        MetricsQuery q;
        try {
            TimeRangeOption.Range r = range.resolve(Instant.now());
            q = MetricsQuery.builder().server(scope.server).tool(scope.tool).start(r.start())
                    .end(r.end()).aggregation(Aggregation.fromWireName(aggregation))
                    .groupBy(GroupBy.fromWireName(groupBy)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        MetricsResult r = new MetricsQueries(store.read(spec.commandLine().getErr())).run(q);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(mapper().writeValueAsString(GetMetricsTool.structured(r)));
        } else {
            printTable(out, r);
        }
        out.flush();
        return 0;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** {@code value} as an instant, null when absent; the message names {@code field}. Shared by the commands. */
    static Instant instant(String field, String value) {
        return TimeRangeOption.instant(field, value);
    }

    private static void printTable(PrintWriter out, MetricsResult r) {
        MetricsQuery q = r.query();
        String agg = q.aggregation().wireName();
        String unit = unit(agg);
        out.printf("%s of calls from %s to %s (UTC)%s%n%n", agg, second(q.start()), second(q.end()),
                q.widened() ? ", covering " + second(q.effectiveStart()) + " to " + second(q.effectiveEnd()) + " in whole minutes" : "");
        if (r.points().isEmpty()) {
            out.println("(no calls in this range)");
        } else {
            boolean grouped = q.groupBy() != GroupBy.NONE;
            Table t = grouped ? new Table("time (UTC)", "server", "tool", agg + ">", "calls>")
                    : new Table("server", "tool", agg + ">", "calls>");
            for (MetricPoint p : r.points()) {
                String value = Double.isNaN(p.value()) ? "no data" : String.format("%.1f%s", p.value(), unit);
                if (grouped) {
                    t.row(second(p.timestamp()), p.server(), p.tool(), value, p.count());
                } else {
                    t.row(p.server(), p.tool(), value, p.count());
                }
            }
            t.print(out);
        }
        Summary s = r.summary();
        if (s.hasData()) {
            out.printf("%nsummary: %s, avg %.1f ms, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, error rate %.2f %%%n",
                    Table.count(s.totalCalls(), "call"), s.avgResponseTime(), s.p50ResponseTime(), s.p95ResponseTime(),
                    s.p99ResponseTime(), s.maxResponseTime(), s.errorRate());
        } else {
            out.printf("%nsummary: no calls, no data%n");
        }
        if (!s.errorsByOutcome().isEmpty()) {
            out.println("errors by outcome: " + s.errorsByOutcome());
        }
        out.printf("trend: %s%n", GetMetricsTool.trend(r.trend()));
    }

    /** The unit an aggregation's values are in, with its leading space. */
    static String unit(String aggregation) {
        return switch (aggregation) {
            case "error_rate" -> " %";
            case "throughput" -> " calls/min";
            case "count" -> "";
            default -> " ms";
        };
    }

    private static String second(Instant t) {
        return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
