package io.mcpmonitor.examples.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code track-example.jar} run as a real JVM with {@code MCP_MONITOR_STORE} set: after it
 * exits, the store holds exactly its calls, each with the outcome the {@code track()} form gave it.
 */
class TrackExampleIT {

    @TempDir
    Path store;

    @Test
    void everyCallMadeByHandIsInTheStoreAfterExitWithItsOutcome() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Process p = start("--calls", "25");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stderr: %s", err).isZero();
        assertThat(out).contains("made 25 calls");

        MetricsQueries queries = new MetricsQueries(new StoreReader(Store.at(store)));
        Instant end = Instant.now().plus(1, ChronoUnit.MINUTES);

        // 25 calls over 5 places: forecast throws for the 5 blank ones; geocode knows neither the blank
        // nor the made-up place, so 10 tool errors.
        Summary forecast = summary(queries, "forecast", before, end);
        assertThat(forecast.totalCalls()).isEqualTo(25);
        assertThat(forecast.errorsByOutcome()).containsExactlyEntriesOf(java.util.Map.of("exception", 5L));
        assertThat(forecast.topErrors()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.EXCEPTION);
            assertThat(e.errorType()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(e.count()).isEqualTo(5);
        });
        assertThat(forecast.p50ResponseTime()).as("forecast sleeps 2 ms unless it throws first").isGreaterThanOrEqualTo(1.9);

        Summary geocode = summary(queries, "geocode", before, end);
        assertThat(geocode.totalCalls()).isEqualTo(25);
        assertThat(geocode.errorsByOutcome()).containsExactlyEntriesOf(java.util.Map.of("tool_error", 10L));
        assertThat(geocode.topErrors()).extracting(ErrorCount::message, ErrorCount::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("unknown place: Atlantis", 5L),
                        org.assertj.core.groups.Tuple.tuple("unknown place:  ", 5L));

        Summary radar = summary(queries, "radar", before, end);
        assertThat(radar.totalCalls()).isEqualTo(25);
        assertThat(radar.errorRate()).isZero();
        assertThat(radar.minResponseTime()).as("radar sleeps 1 ms").isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void badOptionsAreRefusedWithTheirNameAndNothingIsRecorded() throws Exception {
        Process p = start("--calls", "-3");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("--calls must be 0 or more");
        try (var files = Files.walk(store)) {
            assertThat(files.filter(f -> f.toString().endsWith(".jsonl")).toList()).isEmpty();
        }
    }

    private static Summary summary(MetricsQueries queries, String tool, Instant start, Instant end) {
        return queries.run(MetricsQuery.builder().server("weather-example").tool(tool).start(start).end(end)
                .build(end)).summary();
    }

    private Process start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("track.example.jar", "target/track-example.jar")).toAbsolutePath();
        assertThat(jar).as("run 'mvn -pl examples package' first").isRegularFile();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MCP_MONITOR_STORE", store.toString());
        return pb.start();
    }
}
