package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.mcp.dashboard.DashboardServer;
import io.mcpmonitor.mcp.http.HttpEndpoint;
import io.mcpmonitor.mcp.http.HttpGuard;
import io.mcpmonitor.mcp.notify.NotificationDispatcher;
import io.mcpmonitor.mcp.server.ClientNotices;
import io.mcpmonitor.mcp.server.MonitorMcpServer;
import io.mcpmonitor.mcp.server.SerializedSends;
import io.mcpmonitor.mcp.server.Sidecar;
import io.mcpmonitor.mcp.server.SidecarTools;
import io.mcpmonitor.mcp.server.JsonRpcStdio;
import io.mcpmonitor.mcp.shared.SessionRelay;
import io.mcpmonitor.mcp.shared.SharedAddress;
import io.mcpmonitor.mcp.shared.SharedListener;
import io.mcpmonitor.mcp.shared.SharedServe;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the sidecar MCP server, over stdio (the default, as MCP clients start it) or
 * Streamable HTTP. Also keeps the store compacted while it runs. Logs go to stderr only.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the monitor's tools over MCP: stdio by default, or Streamable HTTP with --http; "
                + "--dashboard adds the live web dashboard.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    // Every default is the field's initial value (picocli shows and resets to it), so that a command made
    // without picocli (plain) has exactly the values picocli would give it.
    @Mixin
    StoreOption store = new StoreOption();

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio. Loopback (127.0.0.1) unless "
                    + "another host is given, which requires --token. PORT 0 picks a free port.")
    String http;

    @Option(names = "--dashboard", paramLabel = "HOST:PORT",
            description = "Also serve the live web dashboard at http://HOST:PORT/ (printed on stderr). Loopback "
                    + "(127.0.0.1) unless another host is given, which requires --token. PORT 0 picks a free port.")
    String dashboard;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Also serve the store's series for Prometheus at http://HOST:PORT/metrics (OpenTelemetry MCP "
                    + "names; docs/PROMETHEUS.md). Loopback (127.0.0.1) unless another host is given, which requires --token (sent by Prometheus as a bearer token). PORT 0 picks a free port.")
    String metrics;

    @Option(names = "--metrics-max-tools", paramLabel = "N",
            description = "Tools per server exported as their own series; the rest are summed into gen_ai_tool_name=\"other\" "
                    + "(default: ${DEFAULT-VALUE}).")
    int metricsMaxTools = 200;

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = "Answer list_servers and get_metrics for the whole fleet from this Prometheus (or Thanos, Mimir, "
                    + "VictoriaMetrics) over every host's `serve --metrics`, e.g. http://prometheus:9090.")
    java.net.URI prometheusUrl;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token HTTP clients must send (default: $MCP_MONITOR_TOKEN). Required off loopback.")
    String token = System.getenv("MCP_MONITOR_TOKEN");

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "A browser origin allowed besides loopback ones (repeatable).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "Notification channels (docs/NOTIFICATIONS.md). Default: $MCP_MONITOR_NOTIFY_CONFIG, else "
                    + "<store>/notifications.json if it exists; without one, alerts are only listed, not sent.")
    java.nio.file.Path notifyConfig = envPath("MCP_MONITOR_NOTIFY_CONFIG");

    @Option(names = "--repeat-every", paramLabel = "DURATION",
            description = "Remind about an unacknowledged alert this often, e.g. 30m (default: ${DEFAULT-VALUE}).")
    String repeatEvery = "1h";

    @Option(names = "--escalate-after", paramLabel = "DURATION",
            description = "Escalate a critical alert not acknowledged within this time (default: ${DEFAULT-VALUE}).")
    String escalateAfter = "1h";

    @Option(names = "--judge-delay", paramLabel = "DURATION",
            description = "Judge a deployment after this much traffic, comparing as long a window before it; "
                    + "whole minutes, e.g. 1m or 15m (default: ${DEFAULT-VALUE}).")
    String judgeDelay = "15m";

    @Option(names = "--judge-min-calls", paramLabel = "N",
            description = "Calls a tool needs on each side to be judged (default: ${DEFAULT-VALUE}).")
    long judgeMinCalls = 50;

    @Option(names = "--anomaly-check-every", paramLabel = "DURATION",
            description = "Look for anomalies to notify (kinds anomaly, anomaly_resolved) this often; at least 1s "
                    + "(default: ${DEFAULT-VALUE}).")
    String anomalyCheckEvery = "15s";

    @Option(names = "--shared",
            description = "Serve this stdio session through the shared sidecar of the store and these options: one long-lived "
                    + "process, started by the first such session, that keeps the store loaded and the detectors learned, so "
                    + "every later session answers at once. It stops after --idle-exit without a session (docs/SHARED.md).")
    boolean shared;

    @Option(names = "--idle-exit", paramLabel = "DURATION",
            description = "With --shared: the shared sidecar stops after this long without a session (default: ${DEFAULT-VALUE}).")
    String idleExit = "1h";

    @Option(names = SharedServe.DAEMON, hidden = true,
            description = "Be the shared sidecar that --shared sessions reach (they start it).")
    boolean daemon;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How often the anomaly notifier looks: {@link #anomalyInterval()}, checked first in {@link #call()}. */
    private java.time.Duration anomalyEvery;

    /** How often the anomaly notifier looks, from the option. */
    private java.time.Duration anomalyInterval() {
        java.time.Duration every = duration("--anomaly-check-every", anomalyCheckEvery);
        try {
            return io.mcpmonitor.mcp.notify.AnomalyNoticeLoop.requireValidInterval(every);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--anomaly-check-every: " + e.getMessage());
        }
    }

    private static java.nio.file.Path envPath(String variable) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? null : java.nio.file.Path.of(value);
    }

    /**
     * {@code serve} as MCP clients start it — no option, or only {@code --store DIR}, or a shared sidecar's
     * {@code --daemon --store DIR} — made without picocli,
     * else null (then picocli parses). Picocli's classes are of Java 5: the class-data-sharing archive cannot
     * hold them, and loading, verifying and running them to build this command's model took about a third of
     * the time to the first answer. A plain command has only the defaults and a store, which cannot be
     * refused, so it never needs the picocli spec that reports bad options.
     */
    static ServeCommand plain(String[] args) {
        ServeCommand c = new ServeCommand();
        c.arguments = args.clone();
        boolean store = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String dir = null;
            if (a.equals(SharedServe.DAEMON) && !c.daemon) {
                c.daemon = true; // the shared sidecar a session started: it waits for its first answer too
                continue;
            } else if (a.equals("--store") && i + 1 < args.length) {
                dir = args[++i];
            } else if (a.startsWith("--store=")) {
                dir = a.substring("--store=".length());
            }
            if (dir == null || store || dir.isEmpty() || dir.startsWith("-")) {
                return null;
            }
            store = true;
            c.store.store = java.nio.file.Path.of(dir);
        }
        return c;
    }

    /** The arguments of a command made by {@link #plain}; null when picocli made it. */
    private String[] arguments;

    /** When deployments are judged, from the options. */
    private io.mcpmonitor.core.deploy.JudgingPolicy judging() {
        io.mcpmonitor.core.deploy.JudgeThresholds thresholds;
        try {
            thresholds = io.mcpmonitor.core.deploy.JudgeThresholds.DEFAULTS.withMinCallsPerTool(judgeMinCalls);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--judge-min-calls: " + e.getMessage());
        }
        try {
            return io.mcpmonitor.core.deploy.JudgingPolicy.of(duration("--judge-delay", judgeDelay), thresholds);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--judge-delay: " + e.getMessage());
        }
    }

    /** The alert policy from the options: {@link AlertPolicy#DEFAULT} with the reminder and escalation times given. */
    private AlertPolicy policy() {
        AlertPolicy d = AlertPolicy.DEFAULT;
        return new AlertPolicy(duration("--escalate-after", escalateAfter), duration("--repeat-every", repeatEvery),
                d.foldWithin(), d.notificationsPerServerPerHour(), d.staleAfter(), d.keepResolved());
    }

    private java.time.Duration duration(String option, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected a positive duration such as 30s, 5m or 1h, was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            default -> java.time.Duration.ofHours(n);
        };
    }

    /** Relays alert changes to the connected MCP clients once the server is built. */
    private final ClientNotices notices = new ClientNotices();

    /** The sidecar with its notification channels wired in. */
    private Sidecar openSidecar() throws Exception {
        java.nio.file.Path dir = store.directory();
        java.nio.file.Path config = notifyConfig != null ? notifyConfig : dir.resolve("notifications.json");
        io.mcpmonitor.mcp.notify.NotificationConfig parsed = notifyConfig != null || java.nio.file.Files.exists(config)
                ? io.mcpmonitor.mcp.notify.NotificationConfig.load(config) : io.mcpmonitor.mcp.notify.NotificationConfig.EMPTY;
        NotificationDispatcher dispatcher = NotificationDispatcher.create(parsed);
        LOG.info("notification channels: {}", dispatcher.stats().size());
        Sidecar sidecar = Sidecar.open(dir, policy(), judging(), anomalyEvery, n -> {
            dispatcher.dispatch(n);
            notices.accept(n);
        });
        sidecar.runInBackground(dispatcher);
        sidecar.runInBackground(io.mcpmonitor.mcp.notify.DigestLoop.start(sidecar.context(), parsed.digests(), dispatcher::dispatch));
        try {
            startDashboard(sidecar);
            startMetrics(sidecar);
        } catch (Exception e) {
            sidecar.close();
            throw e;
        }
        return sidecar;
    }

    @Override
    public Integer call() throws Exception {
        anomalyEvery = anomalyInterval(); // a bad value stops serve before anything is redirected or opened
        java.time.Duration idle = duration("--idle-exit", idleExit);
        if ((shared || daemon) && (http != null || dashboard != null || metrics != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shared serves stdio sessions; --http, --dashboard "
                    + "and --metrics each serve a port of their own: start them in a long-running `serve` instead");
        }
        if (shared && !daemon) {
            int code = SharedServe.relay(serveArguments(), System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err);
            if (code != SessionRelay.SERVE_ALONE) {
                return code;
            }
        }
        PrintStream jsonRpcOut = System.out;
        // Nothing a library prints may reach the JSON-RPC channel.
        System.setOut(System.err);
        if (dashboard != null && !mayServe(hostPort("--dashboard", dashboard).host())) {
            return 2;
        }
        if (metrics != null && !mayServe(hostPort("--metrics", metrics).host())) {
            return 2;
        }
        if (http != null) {
            return serveHttp();
        }
        if (daemon) {
            return serveShared(idle);
        }
        try (Sidecar sidecar = openSidecar()) {
            LOG.info("mcp-monitor serving MCP over stdio, store {}", sidecar.storeDirectory());
            serveSession(sidecar, tools(), System.in, jsonRpcOut);
            LOG.info("stdin closed, shutting down");
        }
        return 0;
    }

    /** Serves one MCP session over {@code in} and {@code out} (stdio, or a shared sidecar's connection) until it ends. */
    private void serveSession(Sidecar sidecar, List<io.mcpmonitor.mcp.server.ToolModule> tools, java.io.InputStream in,
                              java.io.OutputStream out) throws InterruptedException {
        JsonRpcStdio stdio = new JsonRpcStdio(new java.io.BufferedInputStream(in), out);
        stdio.onFirstWorkAnswer(sidecar::firstAnswerSent);
        McpSyncServer server = MonitorMcpServer.build(new SerializedSends(new StdioServerTransportProvider(
                McpJsonDefaults.getMapper(), stdio.in(), stdio.out())), sidecar.context(), tools, notices);
        try {
            stdio.awaitEnd();
        } finally {
            notices.detach(server);
            server.closeGracefully();
        }
    }

    /**
     * The shared sidecar ({@code --daemon}): serves every session that connects to its address, until
     * none has been connected for {@code idle}, or until stopped (SIGTERM), then flushes and exits.
     */
    private Integer serveShared(java.time.Duration idle) throws Exception {
        SharedAddress address = SharedServe.daemonAddress(serveArguments());
        SharedListener listener = SharedListener.bind(address, m -> LOG.info("shared sidecar: {}", m));
        if (listener == null) {
            LOG.info("another process serves {}: exiting", address.socket());
            return 0;
        }
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            try {
                stopped.await(30, java.util.concurrent.TimeUnit.SECONDS); // until what was ingested is flushed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mcp-monitor-shared-stop"));
        try (listener; Sidecar sidecar = openSidecar()) {
            List<io.mcpmonitor.mcp.server.ToolModule> tools = tools();
            LOG.info("mcp-monitor shared sidecar (pid {}) serving store {} at {}; stops after {} without a session",
                    ProcessHandle.current().pid(), sidecar.storeDirectory(), address.socket(), idle);
            listener.serve(idle, (in, out) -> serveSession(sidecar, tools, in, out));
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** The arguments {@code serve} was given (after the word serve). */
    private String[] serveArguments() {
        if (arguments != null) {
            return arguments.clone();
        }
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        int from = !args.isEmpty() && args.get(0).equals("serve") ? 1 : 0;
        return args.subList(from, args.size()).toArray(String[]::new);
    }

    /** A {@code HOST:PORT} (or {@code PORT}, on 127.0.0.1) option value. */
    private record HostPort(String host, int port) {
    }

    private HostPort hostPort(String option, String value) {
        int colon = value.lastIndexOf(':');
        String host = colon > 0 ? value.substring(0, colon) : "127.0.0.1";
        try {
            return new HostPort(host, Integer.parseInt(colon >= 0 ? value.substring(colon + 1) : value));
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": expected HOST:PORT or PORT, was '" + value + "'");
        }
    }

    /** Whether {@code host} may be served: loopback, or any host with a token. Says why not on stderr. */
    private boolean mayServe(String host) {
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (!HttpEndpoint.isLoopback(host) && token == null) {
            spec.commandLine().getErr().println("mcp-monitor: refusing to serve on " + host
                    + " without --token: only loopback addresses may be served without authentication");
            return false;
        }
        return true;
    }

    /** Starts the dashboard of {@code sidecar} if asked for, announcing its address on stderr. */
    private void startDashboard(Sidecar sidecar) throws Exception {
        if (dashboard == null) {
            return;
        }
        HostPort at = hostPort("--dashboard", dashboard);
        DashboardServer server = DashboardServer.start(at.host(), at.port(), token, sidecar.context());
        sidecar.runInBackground(server);
        System.err.println("dashboard at " + server.uri());
        if (token != null) {
            System.err.println("mcp-monitor: open the dashboard once as " + server.uri() + "?token=<token> (then a cookie carries it)");
        }
        System.err.flush();
    }

    /** The tool modules served: the local ones, with the fleet's list_servers and get_metrics under --prometheus-url. */
    private List<io.mcpmonitor.mcp.server.ToolModule> tools() {
        if (prometheusUrl == null) {
            return SidecarTools.all();
        }
        io.mcpmonitor.prometheus.fleet.PromQl promql;
        try {
            promql = new io.mcpmonitor.prometheus.fleet.PromQl(prometheusUrl);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prometheus-url: " + e.getMessage());
        }
        LOG.info("list_servers and get_metrics answer from Prometheus at {}", promql.base());
        return io.mcpmonitor.mcp.fleet.FleetTools.over(SidecarTools.all(), new io.mcpmonitor.prometheus.fleet.FleetQueries(promql));
    }

    /** Starts the Prometheus endpoint over {@code sidecar}'s store if asked for, announcing it on stderr. */
    private void startMetrics(Sidecar sidecar) throws Exception {
        if (metrics == null) {
            return;
        }
        HostPort at = hostPort("--metrics", metrics);
        io.mcpmonitor.prometheus.exposition.SeriesCap cap;
        try {
            cap = new io.mcpmonitor.prometheus.exposition.SeriesCap(metricsMaxTools);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--metrics-max-tools: " + e.getMessage());
        }
        var collector = new io.mcpmonitor.prometheus.exposition.StoreMetrics(sidecar.reader(), cap, System::currentTimeMillis);
        var endpoint = io.mcpmonitor.prometheus.exposition.MetricsEndpoint.start(at.host(), at.port(), token, collector::collect);
        sidecar.runInBackground(endpoint);
        System.err.println("metrics at " + endpoint.uri());
        System.err.flush();
    }

    private Integer serveHttp() throws Exception {
        HostPort at = hostPort("--http", http);
        String host = at.host();
        int port = at.port();
        if (!mayServe(host)) {
            return 2;
        }
        try (Sidecar sidecar = openSidecar()) {
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint(HttpEndpoint.PATH).build();
            McpSyncServer server = MonitorMcpServer.build(transport, sidecar.context(), tools(), notices);
            sidecar.firstAnswerSent(); // long-running: nobody waits on its start-up
            try (HttpEndpoint endpoint = HttpEndpoint.start(host, port, transport, new HttpGuard(token, allowedOrigins))) {
                System.err.println("mcp-monitor listening on " + endpoint.uri());
                System.err.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        endpoint.close();
                    } catch (Exception e) {
                        LOG.debug("stopping http", e);
                    }
                }, "mcp-monitor-http-stop"));
                endpoint.join();
            } finally {
                server.closeGracefully();
            }
        }
        return 0;
    }
}
