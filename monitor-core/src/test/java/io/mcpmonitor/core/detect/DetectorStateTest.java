package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.SeriesKey;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The detectors' saved state: a series watch that learned part of a series, was saved, read back
 * into a new watch and fed the rest ends with exactly the state (every field, bit for bit) and
 * gives exactly the signals and incidents of one that learned the whole series. Four days of
 * minutes, so the daily profile takes over; busy and sparse series, with a latency incident, an
 * error burst and a traffic drop; saved before the cadence is known, during the warm-up, in the
 * middle of the day, inside an incident and after it.
 *
 * <p>The comparison ({@link LearnedState}) walks every field by reflection: a field a component
 * adds later and does not save fails here, naming its path.
 */
class DetectorStateTest {
    private static final int MINUTES = 4 * SyntheticMinutes.DAY;
    private static final int[] SPLITS = {6, 25, 700, SyntheticMinutes.ONSET + 4, MINUTES - 30};

    private static List<MinutePoint> series(SyntheticMinutes s) {
        List<MinutePoint> out = new ArrayList<>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            out.add(s.minute(i));
        }
        return out;
    }

    /** A latency incident, an error burst, a traffic drop, and a sparse tool that gets slower. */
    private static Map<String, List<MinutePoint>> scenes() {
        Map<String, List<MinutePoint>> out = new java.util.LinkedHashMap<>();
        out.put("latency", series(new SyntheticMinutes(1, 40, 80, 0.004).latencyTimes(6, SyntheticMinutes.ONSET, 20)));
        out.put("errors", series(new SyntheticMinutes(2, 30, 40, 0.01).errorRate(0.4, SyntheticMinutes.ONSET, 15)));
        out.put("drop", series(new SyntheticMinutes(3, 60, 25, 0.002).trafficTimes(0.05, SyntheticMinutes.ONSET, 25)));
        out.put("sparse", series(new SyntheticMinutes(4, 0.8, 120, 0.02).latencyTimes(8, SyntheticMinutes.ONSET, 30)));
        return out;
    }

    private static SeriesWatch watch(String tool) {
        return new SeriesWatch(new SeriesKey("shop", tool), DetectionMethod.AUTO, Sensitivity.MEDIUM);
    }

    private static byte[] save(SeriesWatch w) {
        StateOut out = new StateOut();
        w.writeState(out);
        return out.toByteArray();
    }

    private static SeriesWatch restore(String tool, byte[] state) {
        SeriesWatch w = watch(tool);
        StateIn in = new StateIn(state, 0, state.length);
        w.readState(in, new HashMap<>());
        assertThat(in.atEnd()).as("every byte written is read back").isTrue();
        return w;
    }

    /** What a minute's observation gave: each changed incident as its public form. */
    private static List<Anomaly> observe(SeriesWatch w, MinutePoint p) {
        return w.observe(p).stream().map(i -> i.toAnomaly(false)).collect(Collectors.toList());
    }

    @Test
    void aWatchThatContinuesFromItsSavedStateIsTheWatchThatLearnedEverything() {
        for (Map.Entry<String, List<MinutePoint>> scene : scenes().entrySet()) {
            String tool = scene.getKey();
            List<MinutePoint> minutes = scene.getValue();
            SeriesWatch whole = watch(tool);
            List<List<Anomaly>> wholeAnswers = new ArrayList<>();
            Map<Integer, byte[]> saved = new HashMap<>();
            Map<Integer, String> sameAtSplit = new HashMap<>();
            SeriesWatch part = watch(tool);
            int s = 0;
            for (int i = 0; i < MINUTES; i++) {
                if (s < SPLITS.length && i == SPLITS[s]) {
                    saved.put(i, save(part));
                    sameAtSplit.put(i, LearnedState.firstDifference(restore(tool, saved.get(i)), part));
                    s++;
                }
                wholeAnswers.add(observe(whole, minutes.get(i)));
                observe(part, minutes.get(i));
            }
            assertThat(wholeAnswers.stream().mapToLong(List::size).sum()).as("%s: the scene has incidents", tool).isPositive();
            for (int split : SPLITS) {
                assertThat(sameAtSplit.get(split)).as("%s read back at minute %d", tool, split).isNull();
                SeriesWatch caughtUp = restore(tool, saved.get(split));
                for (int i = split; i < MINUTES; i++) {
                    assertThat(observe(caughtUp, minutes.get(i))).as("%s saved at %d, minute %d", tool, split, i)
                            .isEqualTo(wholeAnswers.get(i));
                }
                assertThat(LearnedState.firstDifference(caughtUp, whole)).as("%s saved at minute %d", tool, split).isNull();
            }
        }
    }

    @Test
    void theComparisonSeesALearnedFieldThatWasNotRestored() throws ReflectiveOperationException {
        List<MinutePoint> minutes = scenes().get("latency");
        SeriesWatch w = watch("latency");
        for (int i = 0; i < 2000; i++) {
            w.observe(minutes.get(i));
        }
        SeriesWatch back = restore("latency", save(w));
        LearnedState comparison = new LearnedState();
        assertThat(comparison.diff("watch", back, w)).isNull();
        // every class whose fields the comparison walked is one whose fields are part of the checkpoint's key
        assertThat(DetectorCheckpoint.STATE_CLASSES.stream().map(Class::getSimpleName).toList())
                .containsAll(comparison.classes);
        assertThat(comparison.classes).contains("AutoDetector", "SortedWindow", "SeasonalProfile", "TailCalibrator",
                "ErrorWatch", "PooledLatencyWatch", "CallHistory");

        // as if the throughput detector's EWMA baseline had not been restored
        Object transformed = field(field(back, "traffic"), "detector");
        Object ewma = field(field(transformed, "detector"), "ewma");
        Field mean = ewma.getClass().getDeclaredField("mean");
        mean.setAccessible(true);
        mean.setDouble(ewma, mean.getDouble(ewma) + 1e-12);
        assertThat(LearnedState.firstDifference(back, w)).startsWith(".traffic.detector.detector.ewma.mean");
    }

    @Test
    void aStateCutShortOrOfAnotherSizeDoesNotReadBack() {
        List<MinutePoint> minutes = scenes().get("errors");
        SeriesWatch w = watch("errors");
        for (int i = 0; i < 300; i++) {
            w.observe(minutes.get(i));
        }
        byte[] state = save(w);
        byte[] cut = java.util.Arrays.copyOf(state, state.length - 9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restore("errors", cut)).isInstanceOf(StateIn.Damaged.class);
        byte[] wrongLength = state.clone();
        // the history's first array length (after nextMinute) made larger than what follows
        java.nio.ByteBuffer.wrap(wrongLength).putInt(8, 1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restore("errors", wrongLength))
                .isInstanceOf(StateIn.Damaged.class);
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }
}
