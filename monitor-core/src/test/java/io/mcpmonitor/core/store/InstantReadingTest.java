package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's direct reading of timestamps gives what {@link Instant#parse} gives, and refuses what it refuses. */
class InstantReadingTest {

    @Test
    void everyFormTheCodecWritesReadsAsInstantParseReadsIt() {
        Random random = new Random(20261203L);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 40_000_000_000L; // years about 700 to 3200, before and after 1970
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(RecordCodec.instantMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
        for (String text : List.of("2026-11-25T13:05:00Z", "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.5Z",
                "2026-11-25T13:05:00.1Z", "2026-11-25T13:05:00.123456789Z", "0001-01-01T00:00:00Z", "2016-12-31T23:59:60Z",
                "2026-11-25T24:00:00Z", "2026-11-25T13:05:00.Z")) {
            assertThat(RecordCodec.instantMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
    }

    @Test
    void whatInstantParseRefusesIsRefused() {
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-11-25T13:60:00Z", "2026-11-25T13:05:00.1234567890Z", "2026-11-25 13:05:00Z",
                "2026-11-2xT13:05:00Z", "+2026-11-25T13:05:00", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(java.time.DateTimeException.class);
            assertThatThrownBy(() -> RecordCodec.instantMillis(text)).as(text).isInstanceOf(java.time.DateTimeException.class);
        }
    }
}
