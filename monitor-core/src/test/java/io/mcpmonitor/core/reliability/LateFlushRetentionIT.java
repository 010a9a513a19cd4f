package io.mcpmonitor.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writer processes whose flushes cross minute and hour boundaries (each flush 5 s after the 10 s
 * it closes), then compaction processes at the times the sidecar runs them — rollups just after the
 * hours close, retention past 24 h, the day rollup the day after: the total of calls is exact after
 * every compaction, and the minute data goes only once a rollup holds it.
 */
@Tag("reliability")
class LateFlushRetentionIT {

    static final long T0 = Instant.parse("2026-11-20T22:40:00Z").toEpochMilli();  // crosses 23:00 and midnight
    static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path store;

    @Test
    void totalsStayExactThroughLateFlushesCompactionAndRetention() throws Exception {
        int minutes = ReliabilityScale.FULL ? 150 : 90;
        int per10s = 7;
        long expected = 0;
        try (ChildJvm a = ChildJvm.start(WriterMain.class, "late", store, "writer-a", T0, minutes, per10s);
             ChildJvm b = ChildJvm.start(WriterMain.class, "late", store, "writer-b", T0 + 3_000, minutes, per10s)) {
            assertThat(a.awaitExit()).as("writer a: %s", a.err).isZero();
            assertThat(b.awaitExit()).as("writer b: %s", b.err).isZero();
            expected += Long.parseLong(a.last("recorded ").substring(9)) + Long.parseLong(b.last("recorded ").substring(9));
        }
        assertThat(expected).isEqualTo(2L * minutes * 6 * per10s);
        assertThat(StoreTotals.calls(store, "late")).as("as written").isEqualTo(expected);

        long end = T0 + minutes * 60_000L;
        long[] compactions = {
            end + Duration.ofMinutes(3).toMillis(),             // the sidecar's hourly rollup
            end + Duration.ofMinutes(90).toMillis(),
            end + Duration.ofHours(25).toMillis(),              // retention: minute data past 24 h goes
            end + Duration.ofHours(49).toMillis(),              // and the day rollups are all there is
        };
        for (long now : compactions) {
            try (ChildJvm c = ChildJvm.start(CompactorMain.class, store, now)) {
                assertThat(c.awaitExit()).as("compaction at %s: %s", Instant.ofEpochMilli(now), c.err).isZero();
            }
            assertThat(StoreTotals.calls(store, "late")).as("after compaction at %s", Instant.ofEpochMilli(now))
                    .isEqualTo(expected);
        }
        try (Stream<Path> s = Files.walk(store.resolve("minute"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("minute data past retention is gone").isEmpty();
        }
    }
}
