package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.record.Outcome;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole product in one minute on a temporary store. example-server runs with the
 * agent attached and is driven over MCP by the official client; halfway through, {@code slow_query}
 * slows down and {@code flaky} starts failing. An hour of simulated history before it gives the
 * trend something to compare with. Then the sidecar is started with its web dashboard (the address is
 * printed; in a terminal it stays up until Enter) and asked, over MCP, what it saw.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run example-server with the agent, slow one tool down and break another, and show what the monitor sees.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR", description = "Store to use (default: a new temporary directory).")
    Path store;

    @Option(names = "--seconds", defaultValue = "24", description = "Length of the live workload in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (seconds < 4 || seconds > 600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds: must be between 4 and 600, was " + seconds);
        }
        Installation home = Installation.locate();
        String missing = home.missing();
        if (missing != null) {
            spec.commandLine().getErr().println("mcp-monitor demo: " + missing);
            return 1;
        }
        Path dir = store != null ? store : Files.createTempDirectory("mcp-monitor-demo-");
        say("== mcp-monitor demo: store " + dir);
        simulateHistory(dir);
        try {
            runLiveWorkload(home, dir);
            askTheSidecar(home, dir);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("mcp-monitor demo: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return 1;
        }
        say("");
        say("The store stays at " + dir + ". Look around:");
        say("  ./mcp-monitor metrics --store " + dir + " --aggregation p95 --groupBy minute --toolName slow_query");
        say("  ./mcp-monitor serve --store " + dir + "      # the MCP server an assistant would use");
        say("  ./mcp-monitor serve --store " + dir + " --dashboard 127.0.0.1:8080   # and the live dashboard");
        return 0;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /** One hour of normal behaviour before now, as if the server had been monitored all along. */
    private void simulateHistory(Path dir) {
        long now = System.currentTimeMillis();
        SplittableRandom rnd = new SplittableRandom(42);
        int calls = 0;
        try (Monitor history = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("demo-history").build()) {
            for (long t = now - Duration.ofMinutes(60).toMillis(); t < now; t += 2_000) {
                history.recordAt(t, "example-server", "echo", lognormal(rnd, 0.4), Outcome.SUCCESS, null, null);
                history.recordAt(t, "example-server", "slow_query", lognormal(rnd, 100), Outcome.SUCCESS, null, null);
                history.recordAt(t, "example-server", "async_fetch", lognormal(rnd, 150), Outcome.SUCCESS, null, null);
                boolean fail = rnd.nextDouble() < 0.02;
                history.recordAt(t, "example-server", "flaky", lognormal(rnd, 2), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? "flaky failure (simulated)" : null);
                calls += 4;
            }
        }
        say("-- simulated history: " + calls + " calls over the hour before now (normal behaviour)");
    }

    private static long lognormal(SplittableRandom rnd, double medianMs) {
        double z = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        return (long) (medianMs * 1_000_000 * Math.exp(0.25 * z));
    }

    private void runLiveWorkload(Installation home, Path dir) throws Exception {
        say("-- live: example-server with -javaagent:" + home.root().relativize(home.agentJar()) + " for " + seconds + " s");
        ServerParameters params = ServerParameters.builder(Installation.java())
                .args("-javaagent:" + home.agentJar() + "=server=example-server,store=" + dir + ",flush=1s,log=off",
                        "-jar", home.exampleServerJar().toString())
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long half = TimeUnit.SECONDS.toNanos(seconds) / 2;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(worker);
                    long elapsed;
                    int i = 0;
                    while ((elapsed = System.nanoTime() - start) < 2 * half) {
                        boolean incident = elapsed >= half;
                        CallToolRequest req = switch ((i++ + worker) % 5) {
                            case 0 -> req("echo", Map.of("text", "hello " + i));
                            case 1 -> req("slow_query", Map.of("delayMs", incident ? 600 + rnd.nextInt(200) : 90 + rnd.nextInt(20)));
                            case 2 -> req("flaky", Map.of("failureRate", incident ? 0.6 : 0.02));
                            case 3 -> req("async_fetch", Map.of("delayMs", 140 + rnd.nextInt(20)));
                            default -> rnd.nextInt(10) == 0 ? req("explode", Map.of()) : req("echo", Map.of("text", "x"));
                        };
                        try {
                            CallToolResult r = client.callTool(req);
                            if (Boolean.TRUE.equals(r.isError())) {
                                failures.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(half));
            say("   " + calls.get() + " calls so far; now slow_query slows down (100 ms -> 700 ms) and flaky starts failing (2 % -> 60 %)");
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            client.closeGracefully();
        }
        say("   " + calls.get() + " calls made, " + failures.get() + " failed as the client saw it; the agent flushed at exit");
    }

    private static CallToolRequest req(String tool, Map<String, Object> args) {
        return CallToolRequest.builder(tool).arguments(args).build();
    }

    private void askTheSidecar(Installation home, Path dir) {
        say("-- asking the sidecar over MCP (java -jar monitor-mcp.jar serve --store ... --dashboard 127.0.0.1:0)");
        ServerParameters params = ServerParameters.builder(Installation.java())
                .args("-jar", home.monitorJar().toString(), "serve", "--store", dir.toString(), "--dashboard", "127.0.0.1:0")
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        java.util.concurrent.CompletableFuture<String> dashboard = new java.util.concurrent.CompletableFuture<>();
        transport.setStdErrorHandler(line -> {
            if (line.startsWith("dashboard at ")) {
                dashboard.complete(line.substring("dashboard at ".length()).trim());
            }
        });
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            String dashboardUrl = dashboard.getNow(null);
            say("   dashboard at " + (dashboardUrl == null ? "(not announced)" : dashboardUrl) + " — open it in a browser");
            String lastMinutes = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(5)).toString();
            // Alert rules for the scene, firing at once (the defaults wait a minute before firing).
            client.callTool(req("set_alert_threshold", Map.of("mcpServer", "example-server", "toolName", "slow_query",
                    "metric", "response_time", "statistic", "p95", "threshold", 500, "severity", "critical",
                    "windowMinutes", 2, "pendingSeconds", 0)));
            client.callTool(req("set_alert_threshold", Map.of("mcpServer", "example-server", "toolName", "flaky",
                    "metric", "error_rate", "threshold", 10, "severity", "warning", "windowMinutes", 2, "pendingSeconds", 0)));
            show(client, "list_servers", Map.of());
            show(client, "get_metrics", Map.of("mcpServer", "example-server", "aggregation", "p95", "startTime", lastMinutes));
            show(client, "get_metrics", Map.of("mcpServer", "example-server", "aggregation", "error_rate", "startTime", lastMinutes));
            show(client, "get_metrics", Map.of("mcpServer", "example-server", "toolName", "slow_query", "aggregation", "p95",
                    "groupBy", "minute", "startTime", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).minus(Duration.ofMinutes(8)).toString()));
            show(client, "detect_anomalies", Map.of("mcpServer", "example-server", "lookbackWindow", "1h"));
            awaitAlerts(client);
            show(client, "get_active_alerts", Map.of("mcpServer", "example-server"));
            show(client, "get_performance_dashboard", Map.of());
            keepDashboardOpen(dashboardUrl);
        } finally {
            client.closeGracefully();
        }
    }

    /** In a terminal, keeps the sidecar (and its dashboard) running until Enter is pressed. */
    private void keepDashboardOpen(String url) {
        if (url == null || System.console() == null) {
            return;
        }
        say("");
        say("The dashboard stays up at " + url + " — press Enter to stop it.");
        try {
            System.console().readLine();
        } catch (java.io.IOError e) {
            // no terminal after all: stop now
        }
    }

    /** Alerts are evaluated in the background within seconds; wait for them, at most 20 s. */
    private static void awaitAlerts(McpSyncClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Object count = ((Map<?, ?>) client.callTool(req("get_active_alerts", Map.of())).structuredContent()).get("count");
            if (count instanceof Number n && n.intValue() > 0) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void show(McpSyncClient client, String tool, Map<String, Object> args) {
        CallToolResult r = client.callTool(req(tool, args));
        say("");
        say("> " + tool + " " + args);
        for (var c : r.content()) {
            if (c instanceof TextContent t) {
                say(t.text().stripTrailing());
            }
        }
    }
}
