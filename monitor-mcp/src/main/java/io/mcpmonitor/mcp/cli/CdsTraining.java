package io.mcpmonitor.mcp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the sidecar's class-data-sharing archive: run once at build time as
 * {@code java -XX:ArchiveClassesAtExit=monitor-mcp.jsa -cp monitor-mcp.jar ...CdsTraining}, it plays one
 * typical session of {@code serve} over stdio (on pipes) against a throw-away store — {@code initialize},
 * {@code tools/list}, a reported call, {@code get_metrics}, {@code list_servers}, {@code detect_anomalies},
 * the dashboard, a resource read — so that every class such a session loads is in the archive, parsed
 * and verified, when an MCP client next starts the sidecar. Prints nothing on stdout; exits 0 even if a
 * step fails (an archive of fewer classes is still correct, only less useful).
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Files.createTempDirectory("mcp-monitor-cds-training");
        try {
            McpMonitorCli.commandLine();
            playShared(store);
            play(store);
        } catch (Exception | LinkageError e) {
            System.err.println("mcp-monitor: class-data-sharing training stopped early: " + e);
        } finally {
            try (Stream<Path> all = Files.walk(store)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void play(Path store) throws IOException, InterruptedException {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedInputStream fromServer = new PipedInputStream(1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        BufferedReader answers = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        // The very path of `serve` over stdio — its command line, its sidecar with notification channels and
        // digests, the guarded JSON-RPC channel, the work that starts after the first answer — on pipes.
        System.setIn(serverIn);
        System.setOut(new PrintStream(serverOut, true, StandardCharsets.UTF_8));
        Thread serve = new Thread(() -> McpMonitorCli.serve(new String[] {"--store", store.toString()}),
                "cds-training-serve");
        serve.setDaemon(true);
        try {
            io.mcpmonitor.mcp.server.WarmUp.start();
            serve.start();
            String now = Instant.now().toString();
            List<String> session = List.of(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                    call(3, "track_performance", "{\"mcpServer\":\"training\",\"toolName\":\"t\",\"duration\":12,\"success\":true,"
                            + "\"timestamp\":\"" + now + "\"}"),
                    call(4, "get_metrics", "{\"aggregation\":\"p95\"}"),
                    call(5, "list_servers", "{}"),
                    call(6, "detect_anomalies", "{\"lookbackWindow\":\"24h\"}"),
                    call(7, "get_performance_dashboard", "{}"),
                    call(8, "get_active_alerts", "{}"),
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/read\",\"params\":{\"uri\":\"monitor://dashboard\"}}");
            OutputStream out = toServer;
            for (String message : session) {
                out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (message.contains("\"id\"")) {
                    String answer = answers.readLine();
                    if (answer == null) {
                        break;
                    }
                }
            }
            out.close();
            serve.join(60_000);
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
    }

    /**
     * A session of {@code serve --shared} against a listener in this process that echoes what it gets:
     * the classes of the relay (Unix-domain sockets, the address, the lock) then come from the archive too.
     */
    private static void playShared(Path store) throws IOException, InterruptedException {
        Path runtime = Files.createTempDirectory("mcp-monitor-cds-shared");
        try {
            io.mcpmonitor.mcp.shared.SharedServe.isPlainShared(new String[] {"--shared", "--store", store.toString()});
            io.mcpmonitor.mcp.shared.SharedAddress address = io.mcpmonitor.mcp.shared.SharedAddress.of(runtime, store, List.of());
            try (io.mcpmonitor.mcp.shared.SharedListener listener = io.mcpmonitor.mcp.shared.SharedListener.bind(address, m -> { })) {
                Thread echo = new Thread(() -> {
                    try {
                        listener.serve(java.time.Duration.ofSeconds(30), (in, out) -> in.transferTo(out));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "cds-training-shared");
                echo.setDaemon(true);
                echo.start();
                io.mcpmonitor.mcp.shared.SessionRelay.run(address, a -> {
                    throw new IOException("no sidecar is started in training");
                }, new java.io.ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(),
                        new PrintStream(OutputStream.nullOutputStream()));
            }
        } finally {
            try (Stream<Path> all = Files.walk(runtime)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
