package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command README.md shows, run as written (through the packaged jars, from the repository's
 * root, on a store with data) and expected to succeed — or, for those that need a long-running
 * process or a host to attach to, named with the test that runs them, which must exist. A command
 * added to README that is neither fails this test.
 */
class ReadmeCommandsIT {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    static final Pattern INLINE = Pattern.compile("`((?:\\./mcp-monitor|java|MCP_MONITOR_STORE=\\S+ java|npx|claude) [^`]+)`");

    /** Commands run by other tests, by how they start: the test that runs them. */
    static final Map<String, String> COVERED = new LinkedHashMap<>();

    static {
        COVERED.put("mcp-monitor serve --http 127.0.0.1:8080 --metrics", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/prometheus/PrometheusExpositionIT.java");
        COVERED.put("mcp-monitor rules export", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/notify/AlertmanagerIT.java");
        COVERED.put("mcp-monitor serve --prometheus-url", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/prometheus/FleetPrometheusIT.java");
        COVERED.put("./test", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/cli/TestScriptTest.java"); // and it runs this test
        COVERED.put("./mcp-monitor demo", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/cli/DemoIT.java");
        COVERED.put("./mcp-monitor serve --http", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/server/SidecarHttpIT.java");
        COVERED.put("./mcp-monitor serve --dashboard", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/dashboard/DashboardBrowserIT.java");
        COVERED.put("./mcp-monitor serve --notify-config", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/notify/NotificationDeliveryIT.java");
        COVERED.put("mcp-monitor serve", "monitor-mcp/src/test/java/io/mcpmonitor/mcp/server/SidecarStdioIT.java");
        COVERED.put("java -javaagent:", "monitor-agent/src/test/java/io/mcpmonitor/agent/it/ExampleServerStdioIT.java");
        COVERED.put("java -jar monitor-agent/target/monitor-agent.jar attach", "monitor-agent/src/test/java/io/mcpmonitor/agent/it/AttachIT.java");
        COVERED.put("java -jar monitor-agent.jar --help", "monitor-agent/src/test/java/io/mcpmonitor/agent/it/AgentReportsIT.java");
        COVERED.put("java -jar /path/to/mcp-monitor/monitor-mcp/target/monitor-mcp.jar serve",
                "monitor-mcp/src/test/java/io/mcpmonitor/mcp/server/SidecarStdioIT.java");
    }

    /** Commands of other programs that README shows for the reader's own setup, and why no test runs them. */
    static final Map<String, String> EXTERNAL = Map.of(
            "claude mcp add", "Claude Code's own command line, not installed here; the server it registers is SidecarStdioIT's");

    @TempDir
    static Path work;
    static Path store;

    @BeforeAll
    static void storeWithDataAndAnAlert() throws Exception {
        store = work.resolve("store");
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).build()) {
            for (int i = 0; i < 20; i++) {
                m.record("weather", "forecast", 2_000_000_000L, i % 4 == 0 ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        i % 4 == 0 ? "tool_error" : null, i % 4 == 0 ? "city not found" : null);
            }
        }
        AlertEngine engine = AlertEngine.open(store, AlertPolicy.DEFAULT);
        StoreReader reader = new StoreReader(Store.at(store));
        reader.refresh();
        long now = System.currentTimeMillis();
        engine.evaluate(reader, now);
        engine.evaluate(reader, now + 61_000);
        assertThat(engine.alert("alert-1")).as("the alert README acknowledges").isPresent();
    }

    /** The commands of README: lines of its sh blocks (continuations joined) and its inline commands. */
    static List<String> commands() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> out = new ArrayList<>();
        Matcher b = BLOCK.matcher(readme);
        while (b.find()) {
            String block = b.group(1).replace("\\\n", " ");
            for (String line : block.split("\n")) {
                if (!line.isBlank()) {
                    out.add(withoutComment(line).trim().replaceAll("\\s+", " "));
                }
            }
        }
        Matcher i = INLINE.matcher(readme);
        while (i.find()) {
            out.add(i.group(1).trim());
        }
        return out;
    }

    static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return hash < 0 ? line : line.substring(0, hash);
    }

    @Test
    void everyCommandReadmeShowsRunsOrIsRunByANamedTest() throws Exception {
        List<String> commands = commands();
        assertThat(commands).as("README shows commands").hasSizeGreaterThan(15);
        // the track() example writes /tmp/store for the metrics command that follows it
        Path trackStore = work.resolve("track-store");
        List<String> ran = new ArrayList<>();
        for (String command : commands) {
            String covered = COVERED.entrySet().stream().filter(e -> command.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (covered != null) {
                assertThat(ROOT.resolve(covered)).as(command + " is run by " + covered).exists();
                continue;
            }
            if (EXTERNAL.keySet().stream().anyMatch(command::startsWith)) {
                continue;
            }
            List<String> args = words(command.replace("/tmp/store", trackStore.toString()));
            Map<String, String> env = new LinkedHashMap<>();
            while (args.get(0).matches("[A-Z_]+=.*")) {
                String[] kv = args.remove(0).split("=", 2);
                env.put(kv[0], kv[1]);
            }
            List<String> cmd = new ArrayList<>();
            if (args.get(0).equals("./mcp-monitor")) {
                cmd.addAll(List.of(Installation.java(), "-jar", ROOT.resolve("monitor-mcp/target/monitor-mcp.jar").toString()));
                args.remove(0);
            } else if (args.get(0).equals("npx")) {
                // the MCP Inspector, from npm (downloaded on first use; Node is part of the fresh machine)
                cmd.add("npx");
                args.remove(0);
            } else {
                assertThat(args.get(0)).as("a command README shows that this test does not know: " + command).isEqualTo("java");
                cmd.add(Installation.java());
                args.remove(0);
            }
            for (int k = 0; k < args.size(); k++) {
                String a = args.get(k);
                if ((a.equals("--out") || a.equals("--output")) && k + 1 < args.size()) {
                    args.set(k + 1, work.resolve("out-" + k + "-" + Path.of(args.get(k + 1)).getFileName()).toString());
                }
            }
            cmd.addAll(args);
            Run r = run(cmd, env);
            assertThat(r.exit).as(command + "\n" + r.out + r.err).isZero();
            if (command.contains("metrics") && command.contains(trackStore.getFileName().toString())
                    || command.contains("--mcpServer weather-example")) {
                assertThat(r.out).as(command).contains("weather-example");
            }
            ran.add(command);
        }
        assertThat(ran).as("commands run").anyMatch(c -> c.startsWith("./mcp-monitor alerts ack"))
                .anyMatch(c -> c.startsWith("./mcp-monitor backtest --nab")).anyMatch(c -> c.contains("track-example.jar"))
                .anyMatch(c -> c.startsWith("npx @modelcontextprotocol/inspector"));
    }

    record Run(int exit, String out, String err) {
    }

    Run run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("MCP_MONITOR_STORE", store.toString());
        pb.environment().put("HOME", work.toString());
        pb.environment().putAll(env);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> DemoIT.read(p.getErrorStream()));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", cmd) + " finished").isTrue();
        return new Run(p.exitValue(), out, err.get());
    }

    /** Splits a command line into words as a shell would for these commands: spaces, double quotes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }
}
