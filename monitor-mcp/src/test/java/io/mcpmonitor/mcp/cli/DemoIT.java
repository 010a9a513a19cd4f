package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp-monitor demo} as people run it: the packaged jar in its own process, not in a terminal,
 * with the real agent, example-server and sidecar. Without its incident the scene check fails the
 * demo (exit 1, naming what is missing); with it, the scene is found, no traffic anomaly is staged by
 * mistake, and the dashboard stays up, answering, until the process is stopped.
 */
class DemoIT {

    static final Path JAR = Path.of("target", "monitor-mcp.jar").toAbsolutePath();
    static final Pattern SERVING = Pattern.compile("The dashboard is at (http://\\S+) — serving until this process is interrupted");

    static ProcessBuilder demo(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Installation.java(), "-jar", JAR.toString(), "demo"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    @Test
    void withoutItsIncidentTheDemoFailsSayingWhatIsMissing() throws Exception {
        Path store = Files.createTempDirectory("demo-it-no-incident");
        Process p = demo("--store", store.toString(), "--no-incident", "--no-wait", "--calls", "100").start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        String err = read(p.getErrorStream());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("demo finished").isTrue();
        assertThat(p.exitValue()).as(out.get() + err).isEqualTo(1);
        assertThat(err).contains("the scene did not happen", "no response-time anomaly of slow_query",
                "no error-rate anomaly of flaky", "no open alert");
        assertThat(out.get()).contains("No dashboard is served after the demo (--no-wait)").doesNotContain("Scene checked");
    }

    @Test
    void theSceneHappensAndTheDashboardStaysUpUntilStopped() throws Exception {
        Path store = Files.createTempDirectory("demo-it-scene");
        Process p = demo("--store", store.toString()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        StringBuilder out = new StringBuilder();
        String url = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (url == null && (line = r.readLine()) != null) {
                out.append(line).append('\n');
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    url = m.group(1);
                }
            }
            assertThat(url).as("the demo serves its dashboard; output:\n" + out).isNotNull();
            assertThat(out).contains("Scene checked: the slow_query and flaky anomalies were found")
                    .contains("response_time_spike example-server/slow_query", "error_rate_spike example-server/flaky")
                    .doesNotContain("throughput_surge", "throughput_drop");
            assertThat(p.isAlive()).as("still serving after it printed the address").isTrue();
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo stops when interrupted").isTrue();
            for (ProcessHandle c : children) {
                assertThat(c.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("child " + c.pid() + " stopped").isFalse();
            }
        } finally {
            p.destroyForcibly();
        }
        assertThat(err.get()).doesNotContain("the scene did not happen");
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
