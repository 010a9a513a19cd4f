package io.mcpmonitor.core.reliability;

import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.ReportedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A writer process for the reliability suite.
 *
 * <ul>
 *   <li>{@code late STORE WRITER START_MILLIS MINUTES CALLS_PER_10S}: a writer whose clock runs from
 *       START over MINUTES, recording on the hot path every 10 s and flushing 5 s after each 10 s
 *       step, so the flush just after every minute (and hour) boundary carries calls of the minute
 *       (and hour) before; then a normal close. Prints {@code recorded N}.</li>
 *   <li>{@code durable STORE WRITER BATCH ACK_FILE}: stores batches of BATCH calls durably, for ever,
 *       appending {@code acked N} (the running total) to ACK_FILE after each, until killed. The file,
 *       not stdout, is the record of what was acknowledged: a line written to it is in the kernel's
 *       page cache the moment {@code write} returns and survives SIGKILL, while the JDK's pipe from a
 *       killed child may drop the last lines it had not yet read.</li>
 * </ul>
 */
public final class WriterMain {

    private WriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[1]);
        String writer = args[2];
        switch (args[0]) {
            case "late" -> late(store, writer, Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "durable" -> durable(store, writer, Integer.parseInt(args[3]), Path.of(args[4]));
            default -> throw new IllegalArgumentException("mode: late or durable, was " + args[0]);
        }
    }

    private static void late(Path store, String writer, long start, int minutes, int per10s) {
        long[] now = {start};
        Clock clock = new Clock() {
            @Override
            public long wallMillis() {
                return now[0];
            }

            @Override
            public long monotonicNanos() {
                return now[0] * 1_000_000L;
            }
        };
        Monitor m = Monitor.builder().storeDirectory(store).writerId(writer).clock(clock).flushInterval(Duration.ZERO).build();
        long recorded = 0;
        for (int step = 0; step < minutes * 6; step++) {
            now[0] = start + step * 10_000L + 9_000;  // at hh:mm:s9
            for (int i = 0; i < per10s; i++) {
                m.record("late", "t", 1_000_000L + i, i % 10 == 0 ? Outcome.TOOL_ERROR : Outcome.SUCCESS);
                recorded++;
            }
            now[0] += 5_000;                         // flushed 5 s later: past the boundary every sixth step
            m.flush();
        }
        m.close();
        System.out.println("recorded " + recorded);
    }

    private static void durable(Path store, String writer, int batch, Path ackFile) throws Exception {
        Monitor m = Monitor.builder().storeDirectory(store).writerId(writer).build();
        long acked = 0;
        try (java.io.FileOutputStream acks = new java.io.FileOutputStream(ackFile.toFile(), true)) {
            while (true) {
                List<ReportedCall> calls = new ArrayList<>(batch);
                long at = System.currentTimeMillis();
                for (int i = 0; i < batch; i++) {
                    calls.add(new ReportedCall(at, "durable", "t", 2_000_000L, Outcome.SUCCESS, null, null));
                }
                m.recordDurably(calls, List.of());
                acked += batch;
                acks.write(("acked " + acked + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                System.out.println("acked " + acked);
            }
        }
    }
}
