package io.mcpmonitor.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments. A writer storing durably loses nothing it acknowledged and counts
 * nothing twice (at most the one batch in flight is there unacknowledged); a compaction killed
 * anywhere leaves every call readable exactly once, and the next compaction finishes the job.
 */
@Tag("reliability")
class KillNineIT {

    static final long SEED = 20261202L;

    @TempDir
    Path store;

    @TempDir
    Path acks;

    @Test
    void aDurableWriterKilledAnywhereKeepsEveryAcknowledgedCallOnce() throws Exception {
        Random rnd = new Random(SEED);
        int batch = 500;
        long storedBefore = 0;
        for (int round = 0; round < ReliabilityScale.killRounds(); round++) {
            long acked;
            List<String> out;
            List<String> err;
            Path ackFile = acks.resolve("killed-" + round + ".txt");
            try (ChildJvm w = ChildJvm.start(WriterMain.class, "durable", store, "killed-" + round, batch, ackFile)) {
                awaitLine(w, "acked ");
                Thread.sleep(rnd.nextInt(400));
                w.kill9();
                acked = lastAck(ackFile);
                out = w.out;
                err = w.err;
            }
            // Said per round, so that a failing round shows what the child said last.
            System.out.printf("writer round %d: last stdout %s; stderr %s%n", round,
                    out.subList(Math.max(0, out.size() - 3), out.size()), err);
            long stored = StoreTotals.calls(store, "durable") - storedBefore;
            assertThat(stored).as("round %d: every acknowledged call is stored", round).isGreaterThanOrEqualTo(acked)
                    .as("round %d: nothing twice (at most the batch in flight is there unacknowledged)", round)
                    .isLessThanOrEqualTo(acked + batch);
            assertThat(stored % batch).as("round %d: batches are whole or absent", round).isZero();
            System.out.printf("writer kill -9 round %d: acknowledged %d, stored %d%n", round, acked, stored);
            storedBefore += stored;
        }
    }

    @Test
    void aCompactionKilledAnywhereLeavesEveryCallOnceAndTheNextFinishes() throws Exception {
        Random rnd = new Random(SEED + 1);
        long t0 = Instant.parse("2026-11-18T00:00:00Z").toEpochMilli();
        int hours = 30;
        long expected = 0;
        List<CallRecord> records = new ArrayList<>();
        for (int m = 0; m < hours * 60; m++) {
            records.add(io.mcpmonitor.core.store.TestRecords.calls(t0 + m * 60_000L, "killed", 3));
            expected += 3;
        }
        io.mcpmonitor.core.store.TestRecords.write(Store.open(store), "w", records);
        long now = t0 + Duration.ofHours(hours).plusMinutes(5).toMillis();
        for (int round = 0; round < ReliabilityScale.killRounds(); round++) {
            // A fresh set of closed hours each round, so every round has work to be killed in.
            long base = t0 + Duration.ofHours(hours).toMillis() + round * 2 * Duration.ofHours(1).toMillis();
            List<CallRecord> more = new ArrayList<>();
            for (int m = 0; m < 120; m++) {
                more.add(io.mcpmonitor.core.store.TestRecords.calls(base + m * 60_000L, "killed", 2));
                expected += 2;
            }
            io.mcpmonitor.core.store.TestRecords.write(Store.open(store), "w", more);
            now = base + Duration.ofHours(2).plusMinutes(5).toMillis();
            try (ChildJvm c = ChildJvm.start(CompactorMain.class, store, now)) {
                awaitLine(c, "started");
                Thread.sleep(rnd.nextInt(300));
                c.kill9();
            }
            assertThat(StoreTotals.calls(store, "killed")).as("round %d: after the kill", round).isEqualTo(expected);
            System.out.printf("compaction kill -9 round %d: written %d, read %d%n", round, expected, StoreTotals.calls(store, "killed"));
        }
        new Compactor(Store.open(store), Retention.DEFAULT).compact(now, true);
        assertThat(StoreTotals.calls(store, "killed")).as("after a compaction that ran to the end").isEqualTo(expected);
    }

    /** The running total of the last whole line of the child's acknowledgement file. */
    static long lastAck(Path ackFile) throws java.io.IOException {
        String text = java.nio.file.Files.readString(ackFile, java.nio.charset.StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        int start = text.lastIndexOf('\n', end - 1) + 1;
        return Long.parseLong(text.substring(start, end).substring("acked ".length()));
    }

    static void awaitLine(ChildJvm c, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.last(prefix) == null) {
            if (System.nanoTime() > deadline || !c.process.isAlive() && c.last(prefix) == null) {
                throw new AssertionError("no '" + prefix + "' from the child; stderr: " + c.err);
            }
            Thread.sleep(20);
        }
    }
}
