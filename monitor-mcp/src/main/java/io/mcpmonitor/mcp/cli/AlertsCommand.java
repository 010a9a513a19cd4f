package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.mcp.server.ToolAnswer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The open alerts ({@code get_active_alerts}), and {@code ack} and {@code silence} for them. The alert
 * state is the store's {@code alerts/state.json}: with no sidecar running on the store these commands
 * change it directly; while {@code serve} runs, acknowledge and silence through it (its MCP tools or
 * the dashboard), which holds the state in memory and saves it over the file.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "The open alerts, most severe first (get_active_alerts); `alerts ack ID`, `alerts silence ...`.",
        subcommands = {AlertsCommand.Ack.class, AlertsCommand.SilenceCommand.class})
final class AlertsCommand extends ToolCommand {

    @Option(names = {"--mcpServer", "--server"}, paramLabel = "NAME", description = "Only this server (default: all).")
    String server;

    @Option(names = "--severity", description = "warning or critical (default: both).")
    String severity;

    @Option(names = "--status", description = "active, acknowledged or escalated (default: all open).")
    String status;

    AlertsCommand() {
        super("get_active_alerts");
    }

    @Override
    Map<String, Object> arguments() {
        return LocalTools.args("mcpServer", server, "severity", severity, "status", status);
    }

    @Override
    @SuppressWarnings("unchecked")
    void print(PrintWriter out, ToolAnswer answer, LocalTools tools) {
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) answer.structured().get("alerts");
        if (alerts.isEmpty()) {
            out.println("no open alerts");
            return;
        }
        Table t = new Table("id", "severity", "status", "server", "tool", "metric", "value>", "threshold>", "since (UTC)", "");
        for (Map<String, Object> a : alerts) {
            String unit = " " + a.get("unit");
            Object value = a.get("currentValue");
            String metric = a.get("metric") + (a.containsKey("statistic") ? " " + a.get("statistic") : "");
            t.row(a.get("alertId"), a.get("severity"), a.get("status"), a.get("mcpServer"),
                    "".equals(a.get("toolName")) ? "(all)" : a.get("toolName"), metric,
                    value == null ? "no data" : number(value) + unit, number(a.get("threshold")) + unit, Table.second((String) a.get("startsAt")),
                    Boolean.TRUE.equals(a.get("silenced")) ? "silenced" : "");
        }
        t.print(out);
        out.printf("%n%s open%n", Table.count(alerts.size(), "alert"));
    }

    /** A value as people read it: 750.8, 12.8, 500. */
    static String number(Object v) {
        double d = ((Number) v).doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format("%.1f", d);
    }

    /** Who acts: {@code by} when given, else the user running the command. */
    static String who(String by) {
        return by != null ? by : user();
    }

    static String user() {
        String u = System.getenv("USER");
        return u == null || u.isBlank() ? System.getProperty("user.name") : u;
    }

    /** {@code acknowledge_alert}: someone is on it; no more reminders or escalation. */
    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge an open alert (acknowledge_alert).")
    static final class Ack extends ToolCommand {

        @Parameters(paramLabel = "ID", description = "The alert's id, as `alerts` lists it.")
        String id;

        @Option(names = {"--by", "--acknowledgedBy"}, paramLabel = "NAME", description = "Who (default: $USER).")
        String by;

        @Option(names = "--notes", description = "What is being done.")
        String notes;

        Ack() {
            super("acknowledge_alert");
        }

        @Override
        Map<String, Object> arguments() {
            return LocalTools.args("alertId", id, "acknowledgedBy", who(by), "notes", notes);
        }
    }

    /** {@code silence_alerts}: mute notifications matching a scope for a while. */
    @Command(name = "silence", mixinStandardHelpOptions = true,
            description = "Mute notifications of alerts of a server / tool / metric for a while (silence_alerts).")
    static final class SilenceCommand extends ToolCommand {

        @Mixin
        ScopeOption scope;

        @Option(names = "--metric", description = "response_time, error_rate, cpu, memory or no_data (default: any).")
        String metric;

        @Option(names = {"--for", "--duration"}, paramLabel = "LENGTH", defaultValue = "1h",
                description = "How long: 30m, 2h, 1d (default: ${DEFAULT-VALUE}; at most 30d).")
        String length;

        @Option(names = {"--by", "--createdBy"}, paramLabel = "NAME", description = "Who (default: $USER).")
        String by;

        @Option(names = "--reason", description = "Why, for whoever sees the silence.")
        String reason;

        SilenceCommand() {
            super("silence_alerts");
        }

        @Override
        Map<String, Object> arguments() {
            double minutes = TimeRangeOption.length("for", length).toMillis() / 60_000.0;
            return LocalTools.args("mcpServer", scope.server, "toolName", scope.tool, "metric", metric,
                    "durationMinutes", minutes, "createdBy", who(by), "reason", reason);
        }
    }
}
