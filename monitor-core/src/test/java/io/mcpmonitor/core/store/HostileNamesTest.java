package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names from outside are data, never paths. */
class HostileNamesTest {

    @TempDir
    Path sandbox;

    @Test
    void storesAndReadsBackHostileNamesWithoutTouchingAnythingOutsideTheStore() throws Exception {
        Path storeDir = sandbox.resolve("store");
        List<String> names = List.of("../../etc", "a/b", "con", "", "x".repeat(10_000), "..\\..\\win",
                "/abs/path", "nul\u0000byte", "émoji 🚀", "\"quoted\"\n<newline>");
        ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (Monitor m = Monitor.builder().storeDirectory(storeDir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("hostile").build()) {
            for (String server : names) {
                for (String tool : names) {
                    m.record(server, tool, 1_000_000, Outcome.SUCCESS);
                }
            }
        }
        StoreReader reader = new StoreReader(Store.at(storeDir));
        reader.refresh();
        for (String server : names) {
            for (String tool : names) {
                StoreIndex.Series s = reader.read(ix -> ix.series(new SeriesKey(server, tool)));
                assertThat(s).as("series %s / %s", server.length(), tool.length()).isNotNull();
                assertThat(s.buckets(Resolution.MINUTE).firstEntry().getValue().totalCalls()).isEqualTo(1);
            }
        }
        assertThat(reader.stats().skippedLines()).isZero();
        try (Stream<Path> all = Files.walk(sandbox)) {
            assertThat(all.filter(Files::isRegularFile).toList())
                    .allMatch(p -> p.normalize().startsWith(storeDir))
                    .allMatch(p -> p.getFileName().toString().matches("[a-z0-9.-]+"));
        }
    }
}
