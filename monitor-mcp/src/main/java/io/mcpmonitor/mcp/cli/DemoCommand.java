package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
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
 * agent attached and is driven over MCP by the official client: a phase of normal calls, then as many
 * calls in which {@code slow_query} slows down and {@code flaky} starts failing (phases are sized by
 * calls, so a loaded machine gives the same scene, only slower). An hour of simulated history before
 * it, at the live run's rate, gives the trend and the detector something to compare with. Then the
 * sidecar is started with its web dashboard and asked, over MCP, what it saw; the demo checks that
 * its scene happened (exit 1 naming what is missing) and keeps the dashboard up until Enter in a
 * terminal, until interrupted otherwise. It refuses a store with other data (see {@link DemoStore}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run example-server with the agent, slow one tool down and break another, and show what the monitor sees.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR",
            description = "Store to use: a new or empty directory, or an earlier demo's with --fresh (default: a new temporary directory).")
    Path store;

    @Option(names = "--fresh", description = "Empty the --store of an earlier demo first (a store with other data is always refused).")
    boolean fresh;

    @Option(names = "--calls", defaultValue = "300", paramLabel = "N",
            description = "Calls in each phase of the live workload, normal then incident (default: ${DEFAULT-VALUE}).")
    int callsPerPhase;

    @Option(names = "--no-wait", description = "Exit when done instead of serving the dashboard until interrupted.")
    boolean noWait;

    /** For the demo's own test: the incident phase behaves normally, so the scene check must fail. */
    @Option(names = "--no-incident", hidden = true)
    boolean noIncident;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (callsPerPhase < 50 || callsPerPhase > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--calls: must be between 50 and 100000, was " + callsPerPhase);
        }
        Path dir = store != null ? store.toAbsolutePath().normalize() : Files.createTempDirectory("mcp-monitor-demo-");
        String refused = DemoStore.prepare(dir, fresh);
        if (refused != null) {
            err.println("mcp-monitor demo: " + refused);
            err.flush();
            return 2;
        }
        Installation home = Installation.locate();
        String missing = home.missing();
        if (missing != null) {
            err.println("mcp-monitor demo: " + missing);
            return 1;
        }
        say("== mcp-monitor demo: store " + dir);
        DemoScene scene;
        try {
            long liveStart = System.currentTimeMillis();
            Map<String, Integer> perTool = runLiveWorkload(home, dir);
            simulateHistory(dir, liveStart, System.currentTimeMillis(), perTool);
            scene = askTheSidecar(home, dir);
        } catch (RuntimeException e) {
            err.println("mcp-monitor demo: " + e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return 1;
        }
        return scene.happened() ? 0 : 1;
    }

    private void lookAround(Path dir) {
        say("");
        say("The store stays at " + dir + ". Look around:");
        say("  ./mcp-monitor servers --store " + dir);
        say("  ./mcp-monitor metrics --store " + dir + " --aggregation p95 --groupBy minute --toolName slow_query --last 15m");
        say("  ./mcp-monitor anomalies --store " + dir + " --last 1h");
        say("  ./mcp-monitor alerts --store " + dir);
        say("  ./mcp-monitor serve --store " + dir + " --dashboard 127.0.0.1:8080   # the MCP server and its dashboard");
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }

    /**
     * One hour of normal behaviour before the live run, as if the server had been monitored all along,
     * at the rate the live run called each tool (its calls per minute of its duration, or all its calls
     * in one minute when it took less), so its traffic is neither a surge nor a drop against the history.
     * The minute the live run began in is filled up to that rate before the run's start: a run that
     * straddles a minute boundary would otherwise leave a short first minute that reads as a drop.
     * Written after the live run, whose rate it copies, with timestamps before it.
     */
    private void simulateHistory(Path dir, long liveStart, long liveEnd, Map<String, Integer> perTool) {
        SplittableRandom rnd = new SplittableRandom(42);
        int calls = 0;
        long minute = Duration.ofMinutes(1).toMillis();
        long liveMinute = liveStart - liveStart % minute;
        long first = liveMinute - Duration.ofMinutes(60).toMillis();
        double minutesLive = Math.max(1.0, (liveEnd - liveStart) / (double) minute);
        try (Monitor history = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("demo-history").build()) {
            for (var e : perTool.entrySet()) {
                int n = (int) Math.round(e.getValue() / minutesLive);
                for (long m = first; m < liveMinute; m += minute) {
                    for (int i = 0; i < n; i++) {
                        calls += recordNormal(history, rnd, m + (minute * i) / n, e.getKey());
                    }
                }
                // the part of the live run's first minute before it began, at the same rate
                int before = (int) Math.round(n * (liveStart - liveMinute) / (double) minute);
                for (int i = 0; i < before; i++) {
                    calls += recordNormal(history, rnd, liveMinute + ((liveStart - liveMinute) * i) / Math.max(1, before),
                            e.getKey());
                }
            }
        }
        say("-- simulated history: " + calls + " calls over the hour before the live run, at its rate (normal behaviour)");
    }

    private static int recordNormal(Monitor history, SplittableRandom rnd, long t, String tool) {
        switch (tool) {
            case "echo" -> history.recordAt(t, "example-server", "echo", lognormal(rnd, 0.4), Outcome.SUCCESS, null, null);
            case "slow_query" -> history.recordAt(t, "example-server", "slow_query", lognormal(rnd, 100), Outcome.SUCCESS, null, null);
            case "async_fetch" -> history.recordAt(t, "example-server", "async_fetch", lognormal(rnd, 150), Outcome.SUCCESS, null, null);
            case "flaky" -> {
                boolean fail = rnd.nextDouble() < 0.02;
                history.recordAt(t, "example-server", "flaky", lognormal(rnd, 2), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? "flaky failure (simulated)" : null);
            }
            default -> {
                return 0; // explode fails on purpose in the live run only: it has no normal behaviour to simulate
            }
        }
        return 1;
    }

    private static long lognormal(SplittableRandom rnd, double medianMs) {
        double z = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
        return (long) (medianMs * 1_000_000 * Math.exp(0.25 * z));
    }

    /**
     * Drives example-server over MCP: {@code callsPerPhase} answered calls of normal behaviour, then as
     * many of the incident. Returns the calls made per tool. A lost session ends the run with an error.
     */
    private Map<String, Integer> runLiveWorkload(Installation home, Path dir) throws Exception {
        say("-- live: example-server with -javaagent:" + home.root().relativize(home.agentJar()) + ", " + callsPerPhase
                + " calls of normal behaviour, then " + callsPerPhase + " of the incident");
        ServerParameters params = ServerParameters.builder(Installation.java())
                .args("-javaagent:" + home.agentJar() + "=server=example-server,store=" + dir + ",flush=1s,log=off",
                        "-jar", home.exampleServerJar().toString())
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        Map<String, AtomicInteger> perTool = new java.util.concurrent.ConcurrentSkipListMap<>();
        java.util.concurrent.CountDownLatch normalDone = new java.util.concurrent.CountDownLatch(callsPerPhase);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(worker);
                    int n;
                    while ((n = issued.getAndIncrement()) < 2 * callsPerPhase) {
                        boolean incident = n >= callsPerPhase && !noIncident;
                        CallToolRequest req = switch (n % 5) {
                            case 0 -> req("echo", Map.of("text", "hello " + n));
                            case 1 -> req("slow_query", Map.of("delayMs", incident ? 600 + rnd.nextInt(200) : 90 + rnd.nextInt(20)));
                            case 2 -> req("flaky", Map.of("failureRate", incident ? 0.6 : 0.02));
                            case 3 -> req("async_fetch", Map.of("delayMs", 140 + rnd.nextInt(20)));
                            default -> incident && rnd.nextInt(10) == 0 ? req("explode", Map.of()) : req("echo", Map.of("text", "x"));
                        };
                        try {
                            CallToolResult r = client.callTool(req);
                            if (Boolean.TRUE.equals(r.isError())) {
                                failures.incrementAndGet();
                            }
                            lost.set(0);
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            if (lost.incrementAndGet() >= 20) {
                                throw new IllegalStateException("lost the MCP session with example-server after "
                                        + answered.get() + " calls", e);
                            }
                        }
                        answered.incrementAndGet();
                        perTool.computeIfAbsent(req.name(), k -> new AtomicInteger()).incrementAndGet();
                        if (n < callsPerPhase) {
                            normalDone.countDown();
                        }
                    }
                    return null;
                }));
            }
            normalDone.await();
            say("   " + callsPerPhase + " normal calls made; now " + (noIncident ? "(no incident: --no-incident) the same again"
                    : "slow_query slows down (100 ms -> 700 ms) and flaky starts failing (2 % -> 60 %)"));
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            client.closeGracefully();
        }
        say("   " + answered.get() + " calls made, " + failures.get() + " failed as the client saw it; the agent flushed at exit");
        Map<String, Integer> counts = new java.util.TreeMap<>();
        perTool.forEach((tool, c) -> counts.put(tool, c.get()));
        return counts;
    }

    private static CallToolRequest req(String tool, Map<String, Object> args) {
        return CallToolRequest.builder(tool).arguments(args).build();
    }

    /** Starts the sidecar with its dashboard, asks it what it saw, checks the scene and keeps the dashboard up. */
    private DemoScene askTheSidecar(Installation home, Path dir) {
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
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            client.initialize();
            String dashboardUrl = awaitDashboard(dashboard);
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
            Map<?, ?> anomalies = show(client, "detect_anomalies", Map.of("mcpServer", "example-server", "lookbackWindow", "1h"));
            awaitAlerts(client, noIncident ? 10 : 60);
            Map<?, ?> alerts = show(client, "get_active_alerts", Map.of("mcpServer", "example-server"));
            show(client, "get_performance_dashboard", Map.of());
            DemoScene scene = DemoScene.of(anomalies, alerts);
            say("");
            if (scene.happened()) {
                say("Scene checked: the slow_query and flaky anomalies were found and " + Table.count(scene.openAlerts(), "alert")
                        + (scene.openAlerts() == 1 ? " is" : " are") + " open.");
            } else {
                spec.commandLine().getErr().println("mcp-monitor demo: the scene did not happen as it should: "
                        + String.join("; ", scene.missing()) + " (exit 1; on a very loaded machine try --calls 600)");
                spec.commandLine().getErr().flush();
            }
            if (!scene.throughputAnomalies().isEmpty()) {
                spec.commandLine().getErr().println("mcp-monitor demo: warning: traffic anomalies the scene did not stage: "
                        + scene.throughputAnomalies());
                spec.commandLine().getErr().flush();
            }
            lookAround(dir);
            keepDashboardOpen(dashboardUrl);
            return scene;
        } finally {
            client.closeGracefully();
        }
    }

    private static String awaitDashboard(java.util.concurrent.CompletableFuture<String> dashboard) {
        try {
            return dashboard.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * Keeps the sidecar (and its dashboard) running while someone may look at it: in a terminal until
     * Enter, otherwise until the process is interrupted; with {@code --no-wait}, or without a dashboard,
     * it says there is none and returns.
     */
    private void keepDashboardOpen(String url) {
        say("");
        if (url == null) {
            say("No dashboard: the sidecar did not announce one.");
            return;
        }
        if (noWait) {
            say("No dashboard is served after the demo (--no-wait); start one with the serve command above.");
            return;
        }
        if (System.console() != null) {
            say("The dashboard is at " + url + " — open it in a browser; press Enter to stop it.");
            try {
                System.console().readLine();
            } catch (java.io.IOError e) {
                // no terminal after all: stop now
            }
            return;
        }
        say("The dashboard is at " + url + " — serving until this process is interrupted (Ctrl-C, or kill "
                + ProcessHandle.current().pid() + ").");
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Alerts are evaluated in the background within seconds of the data; wait for one. */
    private static void awaitAlerts(McpSyncClient client, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
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

    /** Calls {@code tool}, prints its text, returns its structured answer. */
    private Map<?, ?> show(McpSyncClient client, String tool, Map<String, Object> args) {
        CallToolResult r = client.callTool(req(tool, args));
        say("");
        say("> " + tool + " " + args);
        for (var c : r.content()) {
            if (c instanceof TextContent t) {
                say(t.text().stripTrailing());
            }
        }
        return r.structuredContent() instanceof Map<?, ?> m ? m : Map.of();
    }
}
