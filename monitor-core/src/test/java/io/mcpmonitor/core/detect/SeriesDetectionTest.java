package io.mcpmonitor.core.detect;

import static io.mcpmonitor.core.detect.SyntheticMinutes.DAY;
import static io.mcpmonitor.core.detect.SyntheticMinutes.MINUTE;
import static io.mcpmonitor.core.detect.SyntheticMinutes.ONSET;
import static io.mcpmonitor.core.detect.SyntheticMinutes.START_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.SeriesKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On per-minute data at medium sensitivity: injected latency spikes and
 * level shifts, error bursts and traffic drops on top of daily seasonality are each found within
 * 2 minutes of their onset, with nothing flagged before; seven clean days raise no anomaly; a tool
 * called twice a minute pages no one.
 */
class SeriesDetectionTest {

    /** Runs minutes 0..last through a fresh watch; returns every incident by id (last state). */
    static Map<String, Incident> run(SyntheticMinutes data, int last, Sensitivity sensitivity) {
        SeriesWatch watch = new SeriesWatch(new SeriesKey("server", "tool"), DetectionMethod.AUTO, sensitivity);
        Map<String, Incident> incidents = new LinkedHashMap<>();
        for (int i = 0; i <= last; i++) {
            for (Incident inc : watch.observe(data.minute(i))) {
                incidents.put(inc.id, inc);
            }
        }
        return incidents;
    }

    static void assertFoundWithinTwoMinutes(Map<String, Incident> incidents, AnomalyType type) {
        List<String> all = describe(incidents);
        assertThat(incidents.values()).as("incidents: %s", all)
                .allMatch(i -> i.onsetMillis >= START_MILLIS + ONSET * MINUTE, "nothing before the onset")
                .anyMatch(i -> i.type() == type && i.onsetMillis <= START_MILLIS + (ONSET + 2) * MINUTE);
    }

    static List<String> describe(Map<String, Incident> incidents) {
        List<String> out = new ArrayList<>();
        incidents.values().forEach(i -> out.add("minute " + (i.onsetMillis - START_MILLIS) / MINUTE + " " + i.type()
                + " " + i.severity + " " + i.toAnomaly(false).description()));
        return out;
    }

    @Test
    void latencySpikeIsFoundWithinTwoMinutes() {
        SyntheticMinutes data = new SyntheticMinutes(1, 200, 100, 0.005).latencyTimes(4, ONSET, 2);
        assertFoundWithinTwoMinutes(run(data, ONSET + 2, Sensitivity.MEDIUM), AnomalyType.RESPONSE_TIME_SPIKE);
    }

    @Test
    void latencyLevelShiftIsFoundWithinTwoMinutesAndBecomesAShift() {
        SyntheticMinutes data = new SyntheticMinutes(2, 200, 100, 0.005).latencyTimes(1.6, ONSET, 600);
        Map<String, Incident> incidents = run(data, ONSET + 30, Sensitivity.MEDIUM);
        assertFoundWithinTwoMinutes(incidents, AnomalyType.LATENCY_SHIFT);
        assertThat(incidents).as("one incident, updated: %s", describe(incidents)).hasSize(1);
    }

    @Test
    void errorBurstIsFoundWithinTwoMinutes() {
        SyntheticMinutes data = new SyntheticMinutes(3, 200, 100, 0.005).errorRate(0.08, ONSET, 10);
        assertFoundWithinTwoMinutes(run(data, ONSET + 2, Sensitivity.MEDIUM), AnomalyType.ERROR_RATE_SPIKE);
    }

    @Test
    void errorBurstOnAQuieterToolIsFoundWithinTwoMinutes() {
        SyntheticMinutes data = new SyntheticMinutes(4, 30, 40, 0.01).errorRate(0.5, ONSET, 10);
        assertFoundWithinTwoMinutes(run(data, ONSET + 2, Sensitivity.MEDIUM), AnomalyType.ERROR_RATE_SPIKE);
    }

    @Test
    void trafficDropIsFoundWithinTwoMinutes() {
        SyntheticMinutes data = new SyntheticMinutes(5, 200, 100, 0.005).trafficTimes(0.05, ONSET, 30);
        assertFoundWithinTwoMinutes(run(data, ONSET + 2, Sensitivity.MEDIUM), AnomalyType.THROUGHPUT_DROP);
    }

    /** CPU of a server's process: 15 % by night to 35 % by day, noisy; heap 40 %. From the onset CPU is 95 % when cpuSpike. */
    static Map<String, Incident> resources(long seed, int last, boolean cpuSpike) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        ServerWatch watch = new ServerWatch("server", DetectionMethod.AUTO, Sensitivity.MEDIUM);
        Map<String, Incident> incidents = new LinkedHashMap<>();
        for (int i = 0; i <= last; i++) {
            double cpu = cpuSpike && i >= ONSET ? 95 : 10 + 12 * SyntheticMinutes.load(i) + 3 * r.nextGaussian();
            double heap = 40 + 2 * r.nextGaussian();
            for (Incident inc : watch.observe(START_MILLIS + i * MINUTE, Math.max(0, cpu), heap)) {
                incidents.put(inc.id, inc);
            }
        }
        return incidents;
    }

    @Test
    void resourceSpikeIsFoundWithinTwoMinutes() {
        assertFoundWithinTwoMinutes(resources(40, ONSET + 2, true), AnomalyType.RESOURCE_SPIKE);
        assertThat(resources(41, 7 * DAY - 1, false)).isEmpty();
    }

    @Test
    void sevenCleanDaysOfSeasonalTrafficRaiseNoAnomaly() {
        for (long seed = 10; seed < 13; seed++) {
            Map<String, Incident> incidents = run(new SyntheticMinutes(seed, 200, 100, 0.005), 7 * DAY - 1, Sensitivity.MEDIUM);
            assertThat(incidents).as("seed %d: %s", seed, describe(incidents)).isEmpty();
        }
    }

    @Test
    void sevenCleanDaysOfAQuietToolRaiseNoAnomaly() {
        Map<String, Incident> incidents = run(new SyntheticMinutes(20, 20, 250, 0.02), 7 * DAY - 1, Sensitivity.MEDIUM);
        assertThat(incidents).as(describe(incidents).toString()).isEmpty();
    }

    @Test
    void aToolCalledTwiceAMinutePagesNoOne() {
        // about 2 calls a minute by day, 5 % of them failing: single failures are 50 % or 100 % error minutes
        Map<String, Incident> incidents = run(new SyntheticMinutes(30, 1.5, 80, 0.05), 7 * DAY - 1, Sensitivity.MEDIUM);
        assertThat(incidents).as(describe(incidents).toString()).isEmpty();
    }
}
