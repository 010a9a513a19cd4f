package io.mcpmonitor.mcp.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Patience;
import io.mcpmonitor.testkit.Poll;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --shared} as MCP clients run it: each session a real process started by the SDK's stdio
 * client, all reaching one shared sidecar that the first one started. Sessions share its memory, it stops
 * after its idle time with everything acknowledged on disk, and one killed with SIGKILL is replaced by the
 * next session with nothing acknowledged lost.
 */
class SharedSidecarStdioIT {

    private static final Duration WAIT = Patience.START;
    private static final Pattern SERVED_BY = Pattern.compile("served by the shared sidecar \\(pid (\\d+), log ");

    @TempDir
    Path tmp;

    private final List<McpSyncClient> open = new ArrayList<>();

    private Path store() {
        return tmp.resolve("store");
    }

    private Path runtime() {
        return tmp.resolve("run");
    }

    @AfterEach
    void stopEverything() throws Exception {
        open.forEach(McpSyncClient::closeGracefully);
        if (Files.isDirectory(runtime())) {
            try (Stream<Path> files = Files.list(runtime())) {
                files.filter(p -> p.toString().endsWith(".pid")).forEach(p -> pid(p).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    private static java.util.Optional<ProcessHandle> pid(Path file) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(file).trim()));
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    /** A session of {@code serve --shared}; its stderr lines go to {@code stderr}. */
    private McpSyncClient session(List<String> stderr, String... extra) {
        List<String> args = new ArrayList<>(List.of("--shared"));
        args.addAll(List.of(extra));
        McpSyncClient c = StdioJvm.client(SidecarProcess.serve(store(), args.toArray(String[]::new))
                .env(Map.of("MCP_MONITOR_RUNTIME_DIR", runtime().toString())).build(), WAIT, stderr::add);
        open.add(c);
        return c;
    }

    /** The pid the session's relay names on stderr (the line comes before the first answer). */
    private static long servedBy(List<String> stderr) throws Exception {
        return Poll.until("the session names its shared sidecar", WAIT, Duration.ofMillis(50), () -> {
            synchronized (stderr) {
                for (String line : stderr) {
                    Matcher m = SERVED_BY.matcher(line);
                    if (m.find()) {
                        return Long.parseLong(m.group(1));
                    }
                }
            }
            return -1L;
        }, pid -> pid > 0);
    }

    private static void track(McpSyncClient c, String tool, int calls) {
        for (int i = 0; i < calls; i++) {
            CallToolResult r = c.callTool(CallToolRequest.builder("track_performance").arguments(Map.of("mcpServer", "shared-it",
                    "toolName", tool, "duration", 10.0 + i, "success", true)).build());
            assertThat(r.isError()).as(SidecarProcess.text(r)).isFalse();
        }
    }

    private static long calls(McpSyncClient c) {
        CallToolResult r = c.callTool(CallToolRequest.builder("get_metrics")
                .arguments(Map.of("mcpServer", "shared-it", "aggregation", "count", "startTime", java.time.Instant.now().minus(Duration.ofDays(1)).toString())).build());
        assertThat(r.isError()).as(SidecarProcess.text(r)).isFalse();
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) r.structuredContent()).get("summary")).get("totalCalls")).longValue();
    }

    @Test
    void sessionsShareOneSidecarWhichStopsWhenIdleWithEverythingOnDisk() throws Exception {
        List<String> errA = Collections.synchronizedList(new ArrayList<>());
        List<String> errB = Collections.synchronizedList(new ArrayList<>());
        McpSyncClient a = session(errA, "--idle-exit", "3s");
        long pid = servedBy(errA);
        track(a, "a", 5);
        McpSyncClient b = session(errB, "--idle-exit", "3s");
        assertThat(servedBy(errB)).as("the second session reaches the sidecar the first one started").isEqualTo(pid);
        // One process: what session a reported is counted for session b at once, flushed or not.
        assertThat(calls(b)).isEqualTo(5);
        a.closeGracefully();
        open.remove(a);
        track(b, "b", 3);
        assertThat(calls(b)).as("a session ending leaves the others served").isEqualTo(8);
        assertThat(ProcessHandle.of(pid)).isPresent();

        b.closeGracefully();
        open.remove(b);
        ProcessHandle sidecar = ProcessHandle.of(pid).orElseThrow();
        sidecar.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        try (Stream<Path> left = Files.list(runtime())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the stopped sidecar removes its socket and pid file").noneMatch(n -> n.endsWith(".sock") || n.endsWith(".pid"));
        }

        // Every acknowledged call is on disk: a session served alone, in a process of its own, counts them.
        List<String> errC = Collections.synchronizedList(new ArrayList<>());
        McpSyncClient alone = SidecarProcess.stdio(store(), WAIT, errC::add);
        open.add(alone);
        assertThat(calls(alone)).isEqualTo(8);
        assertThat(errC).noneMatch(l -> l.contains("shared sidecar"));
    }

    @Test
    void aSidecarKilledWithSigkillIsReplacedByTheNextSessionWithNothingAcknowledgedLost() throws Exception {
        List<String> errA = Collections.synchronizedList(new ArrayList<>());
        McpSyncClient a = session(errA);
        long first = servedBy(errA);
        track(a, "k", 7);
        ProcessHandle relay = ProcessHandle.current().children()
                .filter(h -> h.info().arguments().map(args -> List.of(args).contains("--shared")).orElse(false))
                .findFirst().orElseThrow();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        ProcessHandle.of(first).ifPresent(h -> h.onExit().join());
        // The session's process ends with its sidecar: the client sees its server gone, not a hang.
        relay.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(errA).anyMatch(l -> l.contains("the shared sidecar ended this session"));
        open.remove(a);
        a.close();

        // The killed sidecar left its socket file; the next session starts a new sidecar over it.
        List<String> errB = Collections.synchronizedList(new ArrayList<>());
        McpSyncClient b = session(errB);
        long second = servedBy(errB);
        assertThat(second).isNotEqualTo(first);
        assertThat(calls(b)).as("every call acknowledged before the kill").isEqualTo(7);
    }

    @Test
    void otherOptionsAreAnotherSidecarAndPortsAreRefused() throws Exception {
        List<String> errA = Collections.synchronizedList(new ArrayList<>());
        List<String> errB = Collections.synchronizedList(new ArrayList<>());
        session(errA);
        session(errB, "--judge-min-calls", "20");
        assertThat(servedBy(errB)).as("a sidecar serves one set of options").isNotEqualTo(servedBy(errA));

        Process refused = new ProcessBuilder(SidecarProcess.command(store(), "--shared", "--dashboard", "127.0.0.1:0"))
                .redirectErrorStream(true).start();
        String out = new String(refused.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused.waitFor()).isEqualTo(2);
        assertThat(out).contains("--shared serves stdio sessions");
    }
}
