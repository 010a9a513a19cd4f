package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class StoreMaintenanceTest {

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void rollsUpThreeMinutesPastEveryHour() {
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:00:00Z"))).isEqualTo(at("2026-11-25T10:03:00Z"));
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:03:00Z"))).isEqualTo(at("2026-11-25T11:03:00Z"));
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:59:59Z"))).isEqualTo(at("2026-11-25T11:03:00Z"));
    }

    @Test
    void cleansUpAtTheNextLocalMidnight() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(StoreMaintenance.nextMidnightMillis(at("2026-11-25T10:00:00Z"), paris)).isEqualTo(at("2026-11-25T23:00:00Z"));
        assertThat(StoreMaintenance.nextMidnightMillis(at("2026-11-25T23:00:00Z"), paris)).isEqualTo(at("2026-11-26T23:00:00Z"));
    }
}
