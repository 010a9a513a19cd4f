package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background detectors' checkpoint over a real store (written through the recording API): a
 * process that loads the checkpoint an earlier one left and catches up on the minutes after it
 * answers {@code detect_anomalies} exactly as a process that learned the whole store, and holds the
 * same learned state; a missing, damaged, cut, stale or other-key checkpoint is ignored with one
 * line and detection learns from the store; concurrent writers never leave a torn file.
 */
class DetectorCheckpointTest {
    static final long MINUTE = StoreScene.MINUTE;
    static final long START = Instant.parse("2025-06-02T06:00:00Z").toEpochMilli();
    /** The first session's last background run: 5 hours of history. */
    static final long FIRST = START + 300 * MINUTE + 20_000;
    static final long ONSET = START + 330 * MINUTE;
    /** The second process's first question. */
    static final long SECOND = START + 400 * MINUTE + 20_000;

    @TempDir
    Path dir;

    private void write(long from, long to, boolean incidents) {
        try (StoreScene scene = new StoreScene(dir)) {
            scene.calls("shop", "search", from, to, 30, 50, 0.005, "index busy")
                    .calls("shop", "sparse", from, to, 1, 300, 0.0, "none")
                    .calls("mail", "send", from, to, 20, 120, 0.01, "relay down")
                    .resources("shop", 4242, from, to, 12, 30);
            if (incidents) {
                scene.calls("shop", "checkout", START, ONSET, 40, 120, 0.005, "card declined")
                        .calls("shop", "checkout", ONSET, ONSET + 20 * MINUTE, 40, 900, 0.4, "payment gateway timed out")
                        .calls("shop", "checkout", ONSET + 20 * MINUTE, to, 40, 120, 0.005, "card declined");
            } else {
                scene.calls("shop", "checkout", from, to, 40, 120, 0.005, "card declined");
            }
            scene.flush();
        }
    }

    /** A store with 5 hours of history, one sidecar's background run over it, then 100 minutes more with an incident. */
    private void firstSessionThenMoreData() throws IOException {
        write(START, FIRST - 20_000, false);
        AnomalyDetection first = new AnomalyDetection(new StoreReader(Store.open(dir))).diagnostics(s -> { });
        first.runBackground(FIRST);
        assertThat(DetectorCheckpoint.file(dir, Sensitivity.MEDIUM)).isRegularFile();
        writeRest();
    }

    private void writeRest() {
        try (StoreScene scene = new StoreScene(dir)) {
            long from = FIRST - 20_000;
            long to = SECOND - 20_000;
            scene.calls("shop", "search", from, to, 30, 50, 0.005, "index busy")
                    .calls("shop", "sparse", from, to, 1, 300, 0.0, "none")
                    .calls("mail", "send", from, to, 20, 120, 0.01, "relay down")
                    .resources("shop", 4242, from, to, 12, 30)
                    .calls("shop", "checkout", from, ONSET, 40, 120, 0.005, "card declined")
                    .calls("shop", "checkout", ONSET, ONSET + 20 * MINUTE, 40, 900, 0.4, "payment gateway timed out")
                    .calls("shop", "checkout", ONSET + 20 * MINUTE, to, 40, 120, 0.005, "card declined");
            scene.flush();
        }
    }

    private static DetectionResult ask(AnomalyDetection d, long now) {
        d.reader().refresh();
        return d.detect(new DetectionRequest(null, null, Duration.ofHours(24), Sensitivity.MEDIUM, DetectionMethod.AUTO), now);
    }

    private static Object backgroundBank(AnomalyDetection d) throws ReflectiveOperationException {
        Field f = AnomalyDetection.class.getDeclaredField("banks");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(d)).get("auto/medium");
    }

    /** A process over the store as it is now, with its notes collected. */
    private AnomalyDetection process(List<String> notes) throws IOException {
        return new AnomalyDetection(new StoreReader(Store.open(dir))).diagnostics(notes::add);
    }

    @Test
    void aProcessThatContinuesFromTheCheckpointAnswersAsOneThatLearnedTheWholeStore() throws Exception {
        firstSessionThenMoreData();
        List<String> notes = new ArrayList<>();
        AnomalyDetection continued = process(notes);
        DetectionResult fromCheckpoint = ask(continued, SECOND);
        assertThat(notes).singleElement().asString().contains("continue from their checkpoint");

        Files.delete(DetectorCheckpoint.file(dir, Sensitivity.MEDIUM));
        List<String> scratchNotes = new ArrayList<>();
        AnomalyDetection scratch = process(scratchNotes);
        DetectionResult learned = ask(scratch, SECOND);
        assertThat(scratchNotes).singleElement().asString().contains("learn the store's minute data", "no checkpoint yet");

        assertThat(learned.anomalies()).as("the incident after the checkpoint is found")
                .anySatisfy(a -> assertThat(a.toolName()).isEqualTo("checkout"));
        assertThat(fromCheckpoint.anomalies()).isEqualTo(learned.anomalies());
        assertThat(fromCheckpoint.seriesAnalysed()).isEqualTo(learned.seriesAnalysed());
        assertThat(LearnedState.firstDifference(backgroundBank(continued), backgroundBank(scratch)))
                .as("learned state").isNull();
        // and later minutes keep them equal
        writeLater();
        long third = SECOND + 30 * MINUTE;
        assertThat(ask(continued, third).anomalies()).isEqualTo(ask(scratch, third).anomalies());
        assertThat(LearnedState.firstDifference(backgroundBank(continued), backgroundBank(scratch))).isNull();
    }

    @Test
    void onACompactedStoreAProcessContinuesWithoutLoadingEveryHourAndStillAnswersAsLearningFromScratch() throws Exception {
        firstSessionThenMoreData();
        new io.mcpmonitor.core.store.Compactor(Store.open(dir), io.mcpmonitor.core.store.Retention.DEFAULT)
                .compact(SECOND, false);
        AnomalyDetection continued = process(new ArrayList<>());
        DetectionResult fromCheckpoint = ask(continued, SECOND);
        assertThat((boolean) continued.reader().read(ix -> ix.minuteBoundsKnown()))
                .as("consolidated hours before the checkpoint are left unloaded").isFalse();

        Files.delete(DetectorCheckpoint.file(dir, Sensitivity.MEDIUM));
        AnomalyDetection scratch = process(new ArrayList<>());
        DetectionResult learned = ask(scratch, SECOND);
        assertThat((boolean) scratch.reader().read(ix -> ix.minuteBoundsKnown())).isTrue();
        assertThat(learned.anomalies()).anySatisfy(a -> assertThat(a.toolName()).isEqualTo("checkout"));
        assertThat(fromCheckpoint.anomalies()).isEqualTo(learned.anomalies());
        assertThat(LearnedState.firstDifference(backgroundBank(continued), backgroundBank(scratch))).isNull();
    }

    private void writeLater() {
        try (StoreScene scene = new StoreScene(dir)) {
            long from = SECOND - 20_000;
            long to = from + 30 * MINUTE;
            scene.calls("shop", "search", from, to, 30, 50, 0.005, "index busy")
                    .calls("shop", "checkout", from, to, 40, 120, 0.005, "card declined")
                    .calls("mail", "send", from, to, 20, 600, 0.01, "relay down");
            scene.flush();
        }
    }

    @Test
    void aCheckpointThatCannotBeTrustedIsIgnoredWithOneLineAndTheStoreIsLearned() throws Exception {
        firstSessionThenMoreData();
        Path file = DetectorCheckpoint.file(dir, Sensitivity.MEDIUM);
        byte[] good = Files.readAllBytes(file);
        Files.delete(file);
        List<Anomaly> expected = ask(process(new ArrayList<>()), SECOND).anomalies();

        byte[] flipped = good.clone();
        flipped[flipped.length - 100] ^= 0x10;
        byte[] otherKey = good.clone();
        otherKey[14] ^= 0x01; // a character of the key
        byte[] otherFormat = good.clone();
        otherFormat[7] = 9;
        record Case(String name, byte[] bytes, long now, String note) {
        }
        for (Case c : List.of(
                new Case("flipped byte", flipped, SECOND, "damaged (CRC)"),
                new Case("cut short", java.util.Arrays.copyOf(good, good.length / 2), SECOND, "damaged ("),
                new Case("empty", new byte[0], SECOND, "damaged (its header"),
                new Case("another key", otherKey, SECOND, "another build or parameter set"),
                new Case("another format", otherFormat, SECOND, "format 9"),
                new Case("stale", good, FIRST + DetectorCheckpoint.MAX_AGE_MILLIS + MINUTE, "older than"))) {
            Files.write(file, c.bytes);
            List<String> notes = new ArrayList<>();
            AnomalyDetection d = process(notes);
            DetectionResult r = ask(d, c.now);
            assertThat(notes).as(c.name).singleElement().asString().contains("learn the store's minute data", c.note);
            if (c.now == SECOND) {
                assertThat(r.anomalies()).as(c.name).isEqualTo(expected);
            }
        }
    }

    @Test
    void anotherSensitivityOrParameterSetHasAnotherKey() {
        String medium = DetectorCheckpoint.key(Sensitivity.MEDIUM);
        assertThat(DetectorCheckpoint.key(Sensitivity.MEDIUM)).isEqualTo(medium);
        assertThat(DetectorCheckpoint.key(Sensitivity.HIGH)).isNotEqualTo(medium);
        System.setProperty("mcpmonitor.auto.warmupPoints", "31");
        try {
            assertThat(DetectorCheckpoint.key(Sensitivity.MEDIUM)).isNotEqualTo(medium);
        } finally {
            System.clearProperty("mcpmonitor.auto.warmupPoints");
        }
        assertThat(DetectorCheckpoint.key(Sensitivity.MEDIUM)).isEqualTo(medium);
    }

    @Test
    void concurrentWritersLeaveOneCompleteCheckpointAndNeverATornOne() throws Exception {
        write(START, FIRST - 20_000, true);
        AnomalyDetection d = process(new ArrayList<>());
        d.runBackground(FIRST);
        Object bank = backgroundBank(d);
        Path file = DetectorCheckpoint.file(dir, Sensitivity.MEDIUM);
        int writers = 4;
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int n = w;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 15; i++) {
                        DetectorCheckpoint.write(file, (DetectorBank) bank, FIRST - 20_000 + (i * writers + n) * MINUTE, FIRST, 0);
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }));
        }
        int[] loads = {0};
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                DetectorCheckpoint.Loaded l = DetectorCheckpoint.load(file, Sensitivity.MEDIUM, FIRST);
                if (l.bank() == null) {
                    problems.add(l.note());
                }
                loads[0]++;
            }
        });
        threads.forEach(Thread::start);
        reader.start();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        reader.join();
        assertThat(problems).isEmpty();
        assertThat(loads[0]).isPositive();
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder(file.getFileName().toString(), DetectorCheckpoint.lockFile(file).getFileName().toString());
        }
        assertThat(LearnedState.firstDifference(DetectorCheckpoint.load(file, Sensitivity.MEDIUM, FIRST).bank(), bank))
                .isNull();
    }

    @Test
    void aWriterDoesNotReplaceACheckpointThatLearnedFurther() throws Exception {
        write(START, FIRST - 20_000, false);
        AnomalyDetection d = process(new ArrayList<>());
        d.runBackground(FIRST);
        Path file = DetectorCheckpoint.file(dir, Sensitivity.MEDIUM);
        byte[] newer = Files.readAllBytes(file);
        assertThat(DetectorCheckpoint.write(file, (DetectorBank) backgroundBank(d), FIRST - 60 * MINUTE, FIRST, 0).bytes()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(newer);
    }

    @Test
    void whileAnotherWriterHoldsTheLockAWriterLeavesTheFileToIt() throws Exception {
        write(START, FIRST - 20_000, false);
        AnomalyDetection d = process(new ArrayList<>());
        d.runBackground(FIRST);
        Path file = DetectorCheckpoint.file(dir, Sensitivity.MEDIUM);
        byte[] before = Files.readAllBytes(file);
        DetectorBank bank = (DetectorBank) backgroundBank(d);
        try (FileChannel other = FileChannel.open(DetectorCheckpoint.lockFile(file), StandardOpenOption.WRITE);
             FileLock held = other.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThat(DetectorCheckpoint.write(file, bank, FIRST + 60 * MINUTE, FIRST, 0).bytes()).isZero();
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
        assertThat(DetectorCheckpoint.write(file, bank, FIRST + 60 * MINUTE, FIRST, 0).bytes()).as("the lock released").isPositive();
    }

    @Test
    void aProcessWritesOnlyWhenItLearnedAQuarterOfAnHourMoreThanTheCheckpointHolds() throws Exception {
        write(START, FIRST - 20_000, false);
        AnomalyDetection first = process(new ArrayList<>());
        first.runBackground(FIRST);
        Path file = DetectorCheckpoint.file(dir, Sensitivity.MEDIUM);
        byte[] written = Files.readAllBytes(file);
        writeRest();

        List<String> notes = new ArrayList<>();
        AnomalyDetection second = process(notes);
        // continues from the checkpoint and learns 10 minutes more: not worth a write, at a run or at the end
        second.runBackground(FIRST + 10 * MINUTE);
        assertThat(second.checkpoint(FIRST + 10 * MINUTE)).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(written);
        assertThat(notes).singleElement().asString().contains("continue from their checkpoint");

        // a third process, at the same time, learns 20 minutes more and writes; the second, 5 minutes later,
        // has learned 15 minutes more than its own checkpoint but not more than the one on disk now
        AnomalyDetection third = process(new ArrayList<>());
        third.runBackground(FIRST + 20 * MINUTE);
        byte[] thirds = Files.readAllBytes(file);
        assertThat(thirds).isNotEqualTo(written);
        second.runBackground(FIRST + 15 * MINUTE);
        assertThat(Files.readAllBytes(file)).isEqualTo(thirds);
        second.runBackground(FIRST + 36 * MINUTE);
        assertThat(notes).last().asString().contains("detector checkpoint written");
        assertThat(Files.readAllBytes(file)).isNotEqualTo(thirds);
    }
}
