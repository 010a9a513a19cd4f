package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends lines to this writer's own file of an hour. No other process writes that file, so no
 * cross-process lock is needed. Each record goes to the file of its own hour, whenever it is flushed
 * (a flush just after the hour turned carries the last minute of the hour before, which belongs with
 * its hour for rollups and retention). A batch is written whole and forced to the disk, or, if a write
 * fails, cut back to nothing; after a crash a torn last line is possible, which readers skip.
 *
 * <p>Not thread-safe: one flushing thread per writer.
 */
public final class StoreWriter {

    /** How often, in data time, the summary of a file still being written is rewritten. */
    static final long SUMMARY_EVERY_MILLIS = 10 * Resolution.MINUTE.millis();
    /** How long after its hour ends a file gets its last summary (the flush after the hour turned carries its last minute). */
    static final long SUMMARY_GRACE_MILLIS = 2 * Resolution.MINUTE.millis();

    private final Store store;
    private final String writerId;
    // Per hour this writer appended to through appendRecords: what its file holds, merged, for its summary.
    private final java.util.TreeMap<Long, HourSummary.Builder> summaries = new java.util.TreeMap<>();

    public StoreWriter(Store store, String writerId) {
        this.store = store;
        this.writerId = WriterIds.requireSafe(writerId);
    }

    public String writerId() {
        return writerId;
    }

    public Store store() {
        return store;
    }

    /** Appends {@code lines} (each without newline) to the file of the hour of {@code wallMillis}. */
    public void append(long wallMillis, List<String> lines) throws IOException {
        appendAll(new java.util.TreeMap<>(java.util.Map.of(Resolution.HOUR.floor(wallMillis), lines)));
    }

    /**
     * Appends the records of one flush, each to the file of its own hour (a call record by its minute, a
     * process sample by its time), all or nothing and forced to the disk as {@link #appendAll}; then keeps
     * each file's summary ({@link HourSummary}) current: rewritten every {@link #SUMMARY_EVERY_MILLIS} of
     * data time while the hour is written, and a last time once the hour is over. A summary that cannot be
     * written is left for later: it only makes reading faster, the minute file holds everything.
     */
    public void appendRecords(List<CallRecord> calls, List<ProcessRecord> processes) throws IOException {
        java.util.SortedMap<Long, List<String>> byHour = new java.util.TreeMap<>();
        java.util.Map<Long, List<CallRecord>> callsByHour = new java.util.HashMap<>();
        java.util.Map<Long, List<String>> processesByHour = new java.util.HashMap<>();
        long latest = Long.MIN_VALUE;
        for (CallRecord c : calls) {
            long hour = Resolution.HOUR.floor(c.startMillis());
            byHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(LineCheck.seal(RecordCodec.encode(c)));
            callsByHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(c);
            latest = Math.max(latest, c.startMillis());
        }
        for (ProcessRecord p : processes) {
            long hour = Resolution.HOUR.floor(p.atMillis());
            String line = LineCheck.seal(RecordCodec.encode(p));
            byHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(line);
            processesByHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(line);
            latest = Math.max(latest, p.atMillis());
        }
        List<Written> written = appendAllWritten(byHour);
        for (Written w : written) {
            summaries.computeIfAbsent(w.hour(), h -> new HourSummary.Builder(w.file()))
                    .wrote(w.sizeBefore(), w.bytes(), callsByHour.getOrDefault(w.hour(), List.of()),
                            processesByHour.getOrDefault(w.hour(), List.of()));
        }
        if (latest != Long.MIN_VALUE) {
            keepSummaries(latest);
        }
    }

    private void keepSummaries(long latestMillis) {
        for (var it = summaries.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            HourSummary.Builder b = e.getValue();
            boolean over = latestMillis >= e.getKey() + Resolution.HOUR.millis() + SUMMARY_GRACE_MILLIS;
            if (!b.usable()) {
                if (over) {
                    it.remove();
                }
                continue;
            }
            long since = Math.max(b.lastSummaryMinute, e.getKey());
            if (b.changed() && (over || latestMillis - since >= SUMMARY_EVERY_MILLIS)) {
                try {
                    b.writeSummary(System.currentTimeMillis());
                } catch (IOException | RuntimeException e1) {
                    // only an optimisation for readers: retried at the next interval, the minute file has it all
                    over = false;
                }
                b.lastSummaryMinute = latestMillis;
            }
            if (over && !b.changed()) {
                it.remove();
            }
        }
    }

    /**
     * Appends each list of lines to the file of its hour ({@code linesByHour}: hour start millis to
     * lines), all or nothing, and forces them to the disk before returning: when this returns, the
     * lines survive a crash of the process or the machine. When any write fails (disk full, read-only
     * store), every file is cut back to the length it had before, so a retry of the same batch never
     * stores a line twice, and the exception is rethrown.
     */
    public void appendAll(java.util.SortedMap<Long, List<String>> linesByHour) throws IOException {
        appendAllWritten(linesByHour);
    }

    private List<Written> appendAllWritten(java.util.SortedMap<Long, List<String>> linesByHour) throws IOException {
        List<Written> done = new java.util.ArrayList<>();
        try {
            for (var e : linesByHour.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    done.add(appendOne(e.getKey(), e.getValue()));
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Written w : done) {
                w.rollBack(e);
            }
            throw e;
        }
        return done;
    }

    /** A file written and the length it had before, to cut it back to if a later write of the batch fails. */
    private record Written(long hour, Path file, long sizeBefore, byte[] bytes) {
        void rollBack(Exception cause) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(sizeBefore);
                ch.force(false);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private Written appendOne(long hourMillis, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder(lines.size() * 256);
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        Path file = store.minuteFile(hourMillis, writerId);
        Files.createDirectories(file.getParent());
        boolean endsMidLine = endsMidLine(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long before = ch.size();
            if (endsMidLine) {
                // An earlier write died half way (a crash): end that fragment so our first line is
                // not glued to it; readers then skip one malformed line instead of two.
                sb.insert(0, '\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            try {
                long at = before;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(false);
            } catch (IOException | RuntimeException e) {
                // Nothing of a failed write may stay: a retry would store its complete lines twice.
                try {
                    ch.truncate(before);
                    ch.force(false);
                } catch (IOException | RuntimeException t) {
                    e.addSuppressed(t);
                }
                throw e;
            }
            return new Written(hourMillis, file, before, bytes);
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            return last.get(0) != '\n';
        }
    }
}
