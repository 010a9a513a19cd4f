package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.Summary;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format version ever written stays readable: the store in {@code store-golden/v1} was written
 * by format version 1 (3 minutes of weather/forecast: 1..100 ms plus one 250 ms tool error per
 * minute; weather/alerts: one IOException per minute; and its hourly rollup).
 */
class GoldenStoreTest {

    @TempDir
    Path tmp;

    static Path golden() throws URISyntaxException {
        return Path.of(GoldenStoreTest.class.getResource("/store-golden/v1/store.json").toURI()).getParent();
    }

    static Summary summary(Path dir, String tool) {
        return new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder().server("weather").tool(tool)
                .start(Instant.parse("2026-11-20T10:00:00Z")).end(Instant.parse("2026-11-20T11:00:00Z")).build()).summary();
    }

    @Test
    void readsVersionOneMinuteDataAndRollupsToTheSameNumbers() throws Exception {
        Path copy = tmp.resolve("v1");
        try (Stream<Path> s = Files.walk(golden())) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(golden().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        assertThat(Store.open(copy).root()).isEqualTo(copy.toAbsolutePath().normalize());
        Summary forecast = summary(copy, "forecast");
        assertThat(forecast.totalCalls()).isEqualTo(303);
        assertThat(forecast.errorsByOutcome()).containsOnlyKeys("tool_error").containsEntry("tool_error", 3L);
        assertThat(forecast.p50ResponseTime()).isBetween(50.0, 51.5);
        assertThat(forecast.maxResponseTime()).isBetween(250.0, 252.5);
        assertThat(forecast.topErrors().get(0).message()).isEqualTo("city not found");
        Summary alerts = summary(copy, "alerts");
        assertThat(alerts.errorsByOutcome()).containsEntry("exception", 3L);
        assertThat(alerts.errorRate()).isEqualTo(100.0);

        // The hourly rollup alone gives the same answer.
        try (Stream<Path> s = Files.walk(copy.resolve("minute"))) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(summary(copy, "forecast")).isEqualTo(forecast);
        assertThat(summary(copy, "alerts")).isEqualTo(alerts);
    }

    @Test
    void refusesAStoreOfANewerFormatNamingBothVersions() throws Exception {
        Files.writeString(tmp.resolve("store.json"), "{\"formatVersion\": 99}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Store.open(tmp))
                .hasMessageContaining("formatVersion 99").hasMessageContaining("reads up to 1");
    }
}
