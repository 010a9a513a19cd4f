package io.mcpmonitor.mcp.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.testkit.Announcement;
import io.mcpmonitor.testkit.Jars;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of a real sidecar ({@code monitor-mcp.jar serve --dashboard
 * 127.0.0.1:0}) in a real headless Chromium driven by Selenium. The page shows the servers of the
 * workload (names escaped), follows new data flushed into the store, and acknowledges a firing
 * alert, which the acknowledge_alert state then shows. Chromium and chromedriver are required: the
 * test fails without them.
 */
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String HOSTILE = "<b>gamma</b> & \"co\"";
    static final long MIN = 60_000;
    static final String DASHBOARD_AT = "dashboard at ";
    static final String HOSTILE_CLIENT = "<img src=x onerror=alert(1)>/1.0";

    @TempDir
    Path store;
    @TempDir
    Path browserProfile;

    static String jar() {
        return Jars.monitorMcp().toString();
    }

    /**
     * {@code serve --store STORE --dashboard 127.0.0.1:0} spawned by the SDK's stdio client transport, which
     * owns the process; its stderr goes to {@code stderr}, which catches the dashboard's address.
     */
    McpSyncClient sidecarWithDashboard(Announcement stderr) {
        return SidecarProcess.stdio(store, Patience.START, stderr, "--dashboard", "127.0.0.1:0");
    }

    /** 40 calls per series {@code server|tool} over the last 4 minutes: {ms, share of tool errors}. */
    void workload(String writer, Map<String, double[]> seriesMsAndErrorShare) {
        long now = System.currentTimeMillis();
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId(writer).build()) {
            seriesMsAndErrorShare.forEach((key, spec) -> {
                String[] st = key.split("\\|", 2);
                for (int i = 0; i < 40; i++) {
                    boolean fail = i < 40 * spec[1];
                    m.recordAt(now - (i % 4) * MIN, st[0], st[1], (long) (spec[0] * 1_000_000), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                            fail ? "tool_error" : null, fail ? "failed (test)" : null);
                }
            });
        }
    }

    static ChromeDriver chromium(Path profile) {
        return chromium(profile, Map.of());
    }

    /** A headless Chromium; {@code environment} for the browser (e.g. its time zone, {@code TZ}). */
    static ChromeDriver chromium(Path profile, Map<String, String> environment) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(environment).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1700");
        return new ChromeDriver(service, options);
    }

    static WebElement serverRow(WebDriver d, String server) {
        for (WebElement row : d.findElements(By.cssSelector("#servers tbody tr[data-server]"))) {
            if (server.equals(row.getAttribute("data-server"))) {
                return row;
            }
        }
        return null;
    }

    static List<WebElement> alertRows(WebDriver d) {
        return d.findElements(By.cssSelector("#alerts tbody tr[data-alert-id]"));
    }

    @Test
    void showsTheWorkloadFollowsNewDataAndAcknowledgesAnAlert() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is required (apt-get install -y chromium chromium-driver)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s is required (apt-get install -y chromium chromium-driver)", CHROMEDRIVER).isTrue();
        workload("it-workload", Map.of("alpha-server|search", new double[] {20, 0}, "beta-server|slow_op", new double[] {1500, 0},
                HOSTILE + "|t", new double[] {10, 0.5}));
        // Calls of two named clients (one name with markup): the page's top-clients table.
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("it-clients").build()) {
            for (int i = 0; i < 6; i++) {
                m.record("clients-server", "lookup", HOSTILE_CLIENT, 5_000_000, i < 2 ? Outcome.EXCEPTION : Outcome.SUCCESS,
                        i < 2 ? "java.lang.IllegalStateException" : null, i < 2 ? "failed (test)" : null);
            }
            for (int i = 0; i < 3; i++) {
                m.record("clients-server", "lookup", "plain-client/2", 5_000_000, Outcome.SUCCESS, null, null);
            }
        }
        // A deployment two minutes ago: a marker on the charts, its version shown as text, never markup.
        new io.mcpmonitor.core.deploy.DeploymentLog(store).record("beta-server", "<i>2.0</i>", null,
                java.time.Instant.now().minus(Duration.ofMinutes(2)), "ci", "", "tool");

        Announcement stderr = new Announcement(DASHBOARD_AT);
        McpSyncClient client = sidecarWithDashboard(stderr);
        ChromeDriver driver = null;
        try {
            URI dashboard = stderr.await(Duration.ofSeconds(20));
            assertThat(dashboard.toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
            CallToolResult rule = client.callTool(CallToolRequest.builder("set_alert_threshold").arguments(Map.of(
                    "mcpServer", "beta-server", "toolName", "slow_op", "metric", "response_time", "statistic", "p95",
                    "threshold", 1000, "severity", "critical", "pendingSeconds", 0, "minCalls", 1)).build());
            assertThat(rule.isError()).isFalse();
            refusesForeignHostsAndOrigins(dashboard);

            driver = chromium(browserProfile);
            driver.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(StaleElementReferenceException.class);

            // 1. the servers of the workload, with their health; names are text, never markup
            wait.until(d -> serverRow(d, "alpha-server") != null && serverRow(d, "beta-server") != null
                    && serverRow(d, HOSTILE) != null);
            assertThat(serverRow(driver, HOSTILE).findElement(By.tagName("td")).getText()).isEqualTo(HOSTILE);
            assertThat(driver.findElements(By.cssSelector("#servers tbody b"))).isEmpty();
            assertThat(serverRow(driver, "beta-server").getText()).contains("critical");
            assertThat(serverRow(driver, "alpha-server").getText()).contains("healthy");
            assertThat(driver.findElements(By.cssSelector("#latency-chart svg polyline"))).hasSize(3);
            wait.until(d -> !d.findElements(By.cssSelector("#latency-chart svg g.deployment-marker")).isEmpty());
            WebElement marker = driver.findElement(By.cssSelector("#latency-chart svg g.deployment-marker"));
            assertThat(marker.getAttribute("data-version")).isEqualTo("<i>2.0</i>");
            assertThat(marker.getAttribute("data-verdict")).isEqualTo("not judged");
            assertThat(marker.findElement(By.tagName("title")).getAttribute("textContent"))
                    .startsWith("deployed beta-server <i>2.0</i> (not judged) at ");
            assertThat(driver.findElements(By.cssSelector("#latency-chart svg i"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#error-chart svg g.deployment-marker"))).hasSize(1);
            // the top clients of all servers' tool calls, most calls first, names as text
            wait.until(d -> d.findElements(By.cssSelector("#top-clients tbody tr")).size() == 2);
            List<WebElement> clientRows = driver.findElements(By.cssSelector("#top-clients tbody tr"));
            assertThat(clientRows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                    .containsExactly(HOSTILE_CLIENT, "6", "2", "33.33");
            assertThat(clientRows.get(1).findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                    .containsExactly("plain-client/2", "3", "0", "0.00");
            assertThat(driver.findElements(By.cssSelector("#top-clients img"))).isEmpty();

            // 2. new data flushed into the store shows up without reloading the page
            workload("it-later", Map.of("delta-server|lookup", new double[] {30, 0}));
            wait.until(d -> serverRow(d, "delta-server") != null);
            assertThat(serverRow(driver, "delta-server").getText()).contains("healthy", "40");

            // 3. the alert fires (the sidecar evaluates within seconds) and is acknowledged from the page
            // The page re-renders the alerts as their values change: look each element up afresh.
            String alertId = wait.until(d -> alertRows(d).stream().filter(r -> r.getText().contains("beta-server")
                    && !r.findElements(By.cssSelector("button[data-action=acknowledge]")).isEmpty())
                    .map(r -> r.getAttribute("data-alert-id")).findFirst().orElse(null));
            WebElement by = driver.findElement(By.id("ack-by"));
            by.clear();
            by.sendKeys("selenium-it");
            wait.until(d -> {
                alertRows(d).stream().filter(r -> alertId.equals(r.getAttribute("data-alert-id"))).findFirst().orElseThrow()
                        .findElement(By.cssSelector("button[data-action=acknowledge]")).click();
                return true;
            });
            wait.until(d -> alertRows(d).stream().anyMatch(r -> alertId.equals(r.getAttribute("data-alert-id"))
                            && r.findElement(By.cssSelector("[data-field=status]")).getText().equals("acknowledged")));
            assertThat(driver.findElement(By.id("ack-status")).getText()).contains("acknowledged " + alertId);

            CallToolResult acked = client.callTool(CallToolRequest.builder("get_active_alerts")
                    .arguments(Map.of("status", "acknowledged")).build());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> alerts = (List<Map<String, Object>>) ((Map<String, Object>) acked.structuredContent()).get("alerts");
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a).containsEntry("alertId", alertId).containsEntry("acknowledgedBy", "selenium-it");
            });

            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            client.closeGracefully();
        }
        assertThat(stderr.lines()).noneMatch(l -> l.contains("Exception"));
    }

    /** Saves what the browser shows to {@code target/dashboard-screenshots/NAME.png} (docs/ holds copies). */
    static Path screenshot(ChromeDriver driver, String name) throws Exception {
        Path shot = Path.of("target", "dashboard-screenshots", name + ".png");
        Files.createDirectories(shot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(shot)).as(name).isGreaterThan(10_000);
        return shot;
    }

    static boolean visible(WebDriver d, String id) {
        return d.findElement(By.id(id)).isDisplayed();
    }

    static WebElement toolRow(WebDriver d, String tool) {
        for (WebElement row : d.findElements(By.cssSelector("#tools tbody tr[data-tool]"))) {
            if (tool.equals(row.getAttribute("data-tool"))) {
                return row;
            }
        }
        return null;
    }

    /**
     * From an empty store ("no data yet" and how to start) to data arriving, then the drill-down
     * server → its tools → a tool's charts and top errors, the range picker, values on hover, UTC and
     * the browser's own zone, and back by the breadcrumbs. Screenshots of each page.
     */
    @Test
    void emptyStateDrillDownRangesHoverAndTimeZones() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is required (apt-get install -y chromium chromium-driver)", CHROMIUM).isTrue();
        Announcement stderr = new Announcement(DASHBOARD_AT);
        McpSyncClient client = sidecarWithDashboard(stderr);
        ChromeDriver driver = null;
        try {
            URI dashboard = stderr.await(Duration.ofSeconds(20));
            driver = chromium(browserProfile, Map.of("TZ", "America/New_York"));
            driver.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(driver, WAIT);
            wait.ignoring(StaleElementReferenceException.class);

            // 1. an empty store says so, and how to start; not "healthy"
            wait.until(d -> visible(d, "empty"));
            assertThat(driver.findElement(By.id("empty")).getText()).contains("No data yet", "-javaagent:", "track_performance",
                    "./mcp-monitor demo");
            screenshot(driver, "dashboard-empty");

            // 2. data arrives: the empty state goes, the servers show
            workload("it-drill", Map.of("alpha-server|search", new double[] {20, 0}, "alpha-server|index", new double[] {80, 0.25},
                    "beta-server|slow_op", new double[] {600, 0}));
            wait.until(d -> serverRow(d, "alpha-server") != null && serverRow(d, "beta-server") != null);
            wait.until(d -> !visible(d, "empty"));
            assertThat(driver.findElement(By.id("tz-toggle")).getText()).isEqualTo("times: UTC");
            assertThat(driver.findElement(By.id("latency-chart")).getText()).contains("UTC");
            screenshot(driver, "dashboard-overview");

            // 3. server -> its tools, with percentiles, error rate, volume and the top error
            serverRow(driver, "alpha-server").click();
            wait.until(d -> visible(d, "tools-section") && toolRow(d, "index") != null && toolRow(d, "search") != null);
            assertThat(visible(driver, "overview")).isFalse();
            assertThat(driver.findElement(By.id("crumbs")).getText()).contains("All servers", "alpha-server");
            assertThat(toolRow(driver, "index").getText()).contains("40", "80.", "25.00", "failed (test)");
            assertThat(toolRow(driver, "search").getText()).contains("40", "20.", "0.00");
            assertThat(driver.getCurrentUrl()).contains("server=alpha-server");
            wait.until(d -> !d.findElements(By.cssSelector("#cpu-chart svg")).isEmpty()
                    && !d.findElements(By.cssSelector("#heap-chart svg")).isEmpty()
                    && !d.findElements(By.cssSelector("#volume-chart svg polyline")).isEmpty());
            screenshot(driver, "dashboard-server");

            // 4. a tool's charts and top errors
            toolRow(driver, "index").click();
            wait.until(d -> visible(d, "errors-section") && d.findElement(By.id("top-errors")).getText().contains("failed (test)"));
            assertThat(visible(driver, "tools-section")).isFalse();
            assertThat(driver.findElement(By.id("charts-scope")).getText()).isEqualTo("alpha-server / index");
            assertThat(driver.findElement(By.id("top-errors")).getText()).contains("10", "tool_error");
            wait.until(d -> d.findElements(By.cssSelector("#latency-chart svg polyline")).size() == 3);
            screenshot(driver, "dashboard-tool");

            // 5. values on hover: the nearest step's time and values
            WebElement overlay = driver.findElement(By.cssSelector("#latency-chart rect[data-hover]"));
            new Actions(driver).moveToElement(overlay, overlay.getSize().getWidth() / 2 - 2, 0).perform();
            wait.until(d -> d.findElement(By.id("tooltip")).isDisplayed());
            assertThat(driver.findElement(By.id("tooltip")).getText()).contains("UTC", "p50:", "p95:", "p99:", "calls:");

            // 6. the range picker: 24 hours in 15-minute steps, 7 days in hours; the URL keeps it
            driver.findElement(By.cssSelector("#range-picker button[data-range='24h']")).click();
            wait.until(d -> d.findElement(By.id("charts-step")).getText().contains("15 min"));
            assertThat(driver.findElement(By.cssSelector("#range-picker button[data-range='24h']")).getAttribute("aria-pressed"))
                    .isEqualTo("true");
            assertThat(driver.findElement(By.id("charts-range")).getText()).isEqualTo("last 24 hours");
            assertThat(driver.getCurrentUrl()).contains("range=24h", "tool=index");
            driver.findElement(By.cssSelector("#range-picker button[data-range='7d']")).click();
            wait.until(d -> d.findElement(By.id("charts-step")).getText().contains("1 h"));
            wait.until(d -> !d.findElements(By.cssSelector("#volume-chart svg polyline")).isEmpty());
            driver.findElement(By.cssSelector("#range-picker button[data-range='15m']")).click();
            wait.until(d -> d.findElement(By.id("charts-step")).getText().contains("1 min")
                    && d.findElement(By.id("charts-range")).getText().equals("last 15 minutes"));

            // 7. the browser's own zone on request, named
            driver.findElement(By.id("tz-toggle")).click();
            wait.until(d -> !d.findElement(By.id("tz-toggle")).getText().equals("times: UTC"));
            String zone = driver.findElement(By.id("tz-toggle")).getText().substring("times: ".length());
            assertThat(zone).isIn("EST", "EDT", "GMT-5", "GMT-4");
            wait.until(d -> d.findElement(By.id("latency-chart")).getText().contains(zone));
            driver.findElement(By.id("tz-toggle")).click();
            wait.until(d -> d.findElement(By.id("latency-chart")).getText().contains("UTC"));

            // 8. back by the breadcrumbs
            driver.findElement(By.id("crumb-server")).click();
            wait.until(d -> visible(d, "tools-section") && !visible(d, "errors-section"));
            driver.findElement(By.id("crumb-all")).click();
            wait.until(d -> visible(d, "overview") && !visible(d, "tools-section"));
            assertThat(driver.findElements(By.cssSelector("#cpu-chart svg"))).as("resources are per server").allMatch(e -> !e.isDisplayed());
        } finally {
            if (driver != null) {
                driver.quit();
            }
            client.closeGracefully();
        }
        assertThat(stderr.lines()).noneMatch(l -> l.contains("Exception"));
    }

    /** DNS rebinding (a foreign Host) and cross-origin or non-JSON POSTs are refused. */
    static void refusesForeignHostsAndOrigins(URI dashboard) throws Exception {
        try (Socket s = new Socket(dashboard.getHost(), dashboard.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/dashboard HTTP/1.1\r\nHost: rebound.example:" + dashboard.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403");
        }
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"alertId\":\"alert-1\",\"acknowledgedBy\":\"attacker\"}";
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(dashboard.resolve("/api/acknowledge"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(dashboard.resolve("/api/acknowledge"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("alertId=alert-1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(dashboard).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'sha256-").doesNotContain("unsafe"));
    }

    @Test
    void aNonLoopbackDashboardNeedsAToken() throws Exception {
        Process p = new ProcessBuilder(Jars.java(), "-jar", jar(), "serve", "--store", store.toString(), "--dashboard", "0.0.0.0:0")
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("refusing to serve on 0.0.0.0 without --token");
    }
}
