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
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.mcp.query.GetMetricsTool;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    @Option(names = "--mcpServer", description = "Only this server.")
    String server;

    @Option(names = "--toolName", description = "Only this tool.")
    String tool;

    @Option(names = "--startTime", description = "ISO-8601 start (default: one hour before the end).")
    String startTime;

    @Option(names = "--endTime", description = "ISO-8601 end (default: now).")
    String endTime;

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
            q = MetricsQuery.builder().server(server).tool(tool).start(instant("startTime", startTime))
                    .end(instant("endTime", endTime)).aggregation(Aggregation.fromWireName(aggregation))
                    .groupBy(GroupBy.fromWireName(groupBy)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        MetricsResult r = new MetricsQueries(new StoreReader(Store.at(store.directory()))).run(q);
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
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    private static void printTable(PrintWriter out, MetricsResult r) {
        MetricsQuery q = r.query();
        out.printf("%s of calls from %s to %s%s%n%n", q.aggregation().wireName(), q.start(), q.end(),
                q.widened() ? " (covered " + q.effectiveStart() + " to " + q.effectiveEnd() + ", whole minutes)" : "");
        if (r.points().isEmpty()) {
            out.println("(no calls in this range)");
        } else {
            out.printf("%-22s %-24s %-28s %14s %10s%n", "timestamp", "server", "tool", q.aggregation().wireName(), "calls");
            for (MetricPoint p : r.points()) {
                out.printf("%-22s %-24s %-28s %14.3f %10d%n", p.timestamp(), cut(p.server()), cut(p.tool()), p.value(), p.count());
            }
        }
        Summary s = r.summary();
        if (s.hasData()) {
            out.printf("%nsummary: %d calls, avg %.3f ms, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms, error rate %.2f %%%n",
                    s.totalCalls(), s.avgResponseTime(), s.p50ResponseTime(), s.p95ResponseTime(), s.p99ResponseTime(),
                    s.maxResponseTime(), s.errorRate());
        } else {
            out.printf("%nsummary: no calls, no data%n");
        }
        if (!s.errorsByOutcome().isEmpty()) {
            out.println("errors by outcome: " + s.errorsByOutcome());
        }
        out.printf("trend: %s%n", GetMetricsTool.trend(r.trend()));
    }

    private static String cut(String s) {
        return s.length() <= 28 ? s : s.substring(0, 27) + "…";
    }
}
