package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Appends lines to this writer's own file of an hour. No other process writes that file, so no
 * cross-process lock is needed between writers. Each record goes to the file of its own hour, whenever
 * it is flushed (a flush just after the hour turned carries the last minute of the hour before, which
 * belongs with its hour for rollups and retention). A batch is written whole and forced to the disk, or,
 * if a write fails, cut back to nothing; after a crash a torn last line is possible, which readers skip.
 *
 * <p>Once an hour is over the compactor consolidates its plain files and rolls them up, and a rollup
 * names the files it merged. So data for an hour that is closed (a backfill, a writer stalled past the
 * hour) never goes to the hour's usual file: it goes to a file of a new name ({@code WRITER.late-TOKEN.jsonl}),
 * which no rollup names yet, and readers and the next compaction add it beside the rollup. Each append
 * holds the file's {@link MinuteFileLock}, which the compactor also takes to consolidate it.
 *
 * <p>Records written through {@link #appendRecords} also keep each file's {@link HourSummary} current beside it,
 * so a fresh reader can answer about closed hours without reading their minute lines. A summary is written
 * while its file's lock is held, after the lines it covers are forced to the disk, and only for a file whose
 * every byte this writer appended through it; it is never needed for correctness (readers check it against
 * the bytes it covers and read the minute file otherwise), so failing to write one is not an error.
 *
 * <p>Not thread-safe: one flushing thread per writer.
 */
public final class StoreWriter {

    /**
     * How long after its hour ends a writer still appends to the hour's usual file: a flush just after
     * the hour turned. The compactor waits longer (its grace) before it consolidates the file.
     */
    static final long APPEND_WINDOW_MILLIS = 60_000;
    private static final int MAX_LATE_TOKENS = 256;
    /** How often, in the writer's time, the summary of a file still being written is rewritten. */
    static final long SUMMARY_EVERY_MILLIS = 10 * Resolution.MINUTE.millis();
    /**
     * How long after its hour ends a file gets its last summary: past the append window, so the flush after
     * the hour turned (which carries its last minute) is in it.
     */
    static final long SUMMARY_GRACE_MILLIS = 2 * Resolution.MINUTE.millis();

    private final Store store;
    private final String writerId;
    // The late file of each closed hour this writer wrote to, until the compactor consolidates it.
    private final java.util.Map<Long, String> lateTokens = new java.util.HashMap<>();
    // Per minute file this writer appended to through appendRecords: what it holds, merged, for its summary.
    private final java.util.Map<Path, SummaryState> summaries = new java.util.LinkedHashMap<>();

    /** The summary being kept of one file: its hour, what the file holds, when it was last written. */
    private static final class SummaryState {
        final long hour;
        final HourSummary.Builder builder;
        long writtenAtMillis = Long.MIN_VALUE;

        SummaryState(long hour, Path file) {
            this.hour = hour;
            this.builder = new HourSummary.Builder(file);
        }
    }

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
        appendAll(wallMillis, new java.util.TreeMap<>(java.util.Map.of(Resolution.HOUR.floor(wallMillis), lines)));
    }

    /** {@link #appendAll(long, java.util.SortedMap)} with this machine's clock saying which hours are open. */
    public void appendAll(java.util.SortedMap<Long, List<String>> linesByHour) throws IOException {
        appendAll(System.currentTimeMillis(), linesByHour);
    }

    /**
     * Appends each list of lines to the file of its hour ({@code linesByHour}: hour start millis to
     * lines), all or nothing, and forces them to the disk before returning: when this returns, the
     * lines survive a crash of the process or the machine. {@code nowMillis} is the writer's clock, which
     * says whether an hour is still open. When any write fails (disk full, read-only store), every file
     * is cut back to the length it had before, so a retry of the same batch never stores a line twice,
     * and the exception is rethrown. The files' locks are held until then, so the compactor never
     * consolidates lines that are about to be cut back.
     */
    public void appendAll(long nowMillis, java.util.SortedMap<Long, List<String>> linesByHour) throws IOException {
        appendAll(nowMillis, linesByHour, null);
    }

    /**
     * Appends the records of one flush as {@link #appendAll(long, java.util.SortedMap)} does, each to the
     * file of its own hour (a call record by its minute, a process sample by its time), then keeps the
     * summary of each file written current: rewritten every {@link #SUMMARY_EVERY_MILLIS} of
     * {@code wallMillis} while its hour is written, and a last time {@link #SUMMARY_GRACE_MILLIS} after
     * the hour is over.
     */
    public void appendRecords(long wallMillis, List<CallRecord> calls, List<ProcessRecord> processes) throws IOException {
        java.util.SortedMap<Long, List<String>> byHour = new java.util.TreeMap<>();
        java.util.Map<Long, List<CallRecord>> callsByHour = new java.util.HashMap<>();
        java.util.Map<Long, List<String>> processesByHour = new java.util.HashMap<>();
        for (CallRecord c : calls) {
            long hour = Resolution.HOUR.floor(c.startMillis());
            byHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(LineCheck.seal(RecordCodec.encode(c)));
            callsByHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(c);
        }
        for (ProcessRecord p : processes) {
            long hour = Resolution.HOUR.floor(p.atMillis());
            String line = LineCheck.seal(RecordCodec.encode(p));
            byHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(line);
            processesByHour.computeIfAbsent(hour, h -> new java.util.ArrayList<>()).add(line);
        }
        java.util.Set<Path> filesWritten = new java.util.HashSet<>();
        appendAll(wallMillis, byHour, written -> {
            // Every line is written and forced, and every file still locked: a summary written now covers only
            // bytes that stay, and no compaction can consolidate (and delete) its file meanwhile.
            for (Written w : written) {
                filesWritten.add(w.file());
                summaries.computeIfAbsent(w.file(), f -> new SummaryState(w.hour(), f)).builder
                        .wrote(w.sizeBefore(), w.bytes(), callsByHour.getOrDefault(w.hour(), List.of()),
                                processesByHour.getOrDefault(w.hour(), List.of()));
            }
            for (Written w : written) {
                SummaryState st = summaries.get(w.file());
                if (due(st, wallMillis)) {
                    writeSummary(st, wallMillis);
                }
            }
        });
        finishSummaries(wallMillis, filesWritten);
    }

    private static boolean due(SummaryState st, long nowMillis) {
        if (!st.builder.changed()) {
            return false;
        }
        boolean over = nowMillis >= st.hour + Resolution.HOUR.millis() + SUMMARY_GRACE_MILLIS;
        return over || nowMillis - Math.max(st.writtenAtMillis, st.hour) >= SUMMARY_EVERY_MILLIS;
    }

    private static void writeSummary(SummaryState st, long nowMillis) {
        try {
            st.builder.writeSummary(nowMillis);
        } catch (IOException | RuntimeException e) {
            // only an optimisation for readers, tried again at the next interval: the minute file has it all
        }
        st.writtenAtMillis = nowMillis;
    }

    /**
     * Gives each file whose hour is over and that this flush did not write its last summary, under the
     * file's lock, and forgets it. A file being consolidated (its lock busy) is tried at the next flush; a
     * consolidated one needs none (the compactor deleted its summary with it).
     */
    private void finishSummaries(long nowMillis, java.util.Set<Path> filesWritten) {
        for (var it = summaries.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            SummaryState st = e.getValue();
            if (nowMillis < st.hour + Resolution.HOUR.millis() + SUMMARY_GRACE_MILLIS || filesWritten.contains(e.getKey())) {
                continue;
            }
            if (!st.builder.changed()) {
                it.remove();
                continue;
            }
            Path file = e.getKey();
            try (MinuteFileLock lock = MinuteFileLock.tryAcquire(file)) {
                if (lock == null) {
                    if (!Files.exists(file)) {
                        it.remove();
                    }
                    continue;
                }
                if (!Files.exists(file.resolveSibling(file.getFileName() + ".gz"))) {
                    writeSummary(st, nowMillis);
                }
                it.remove();
            } catch (IOException | RuntimeException ex) {
                it.remove(); // the file cannot be locked: readers read its minute lines
            }
        }
    }

    /** Appends as {@link #appendAll(long, java.util.SortedMap)}; {@code whileLocked} sees the files written, before they are released. */
    private void appendAll(long nowMillis, java.util.SortedMap<Long, List<String>> linesByHour,
                           java.util.function.Consumer<List<Written>> whileLocked) throws IOException {
        List<Written> done = new java.util.ArrayList<>();
        try {
            for (var e : linesByHour.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    appendOne(e.getKey(), e.getValue(), nowMillis, done);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Written w : done) {
                w.rollBack(e);
            }
            releaseAll(done, e);
            throw e;
        }
        try {
            if (whileLocked != null) {
                whileLocked.accept(done);
            }
        } catch (RuntimeException e) {
            // the lines are stored: nothing after them may make the caller retry the batch
        }
        // The lines are written and forced: a failure to close a channel now must not make the caller
        // retry the batch (it would be stored twice).
        releaseAll(done, null);
    }

    private static IOException releaseAll(List<Written> done, Exception cause) {
        IOException first = null;
        for (Written w : done) {
            try {
                w.lock.close();
            } catch (IOException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                }
            }
        }
        return first;
    }

    /**
     * A file written under its lock, the hour it holds, the length it had before (to cut it back to if a later
     * write fails) and the bytes appended.
     */
    private record Written(MinuteFileLock lock, long hour, Path file, long sizeBefore, byte[] bytes) {
        void rollBack(Exception cause) {
            try {
                lock.channel().truncate(sizeBefore);
                lock.channel().force(false);
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** The file this writer appends to for {@code hour}, locked: the usual one while the hour is open, else a late one. */
    private MinuteFileLock lockFileOf(long hour, long now) throws IOException {
        boolean open = now < hour + Resolution.HOUR.millis() + APPEND_WINDOW_MILLIS;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 8) {
                throw new IOException("no minute file of " + java.time.Instant.ofEpochMilli(hour) + " could be written: "
                        + "each was consolidated while this writer waited");
            }
            Path file = open && attempt == 0 ? store.minuteFile(hour, writerId) : lateFile(hour, attempt > 1);
            Path twin = file.resolveSibling(file.getFileName() + ".gz");
            if (Files.exists(twin)) {
                open = false; // consolidated already: its hour is closed whatever our clock says
                lateTokens.remove(hour);
                continue;
            }
            Files.createDirectories(file.getParent());
            MinuteFileLock lock = MinuteFileLock.acquire(file);
            if (!Files.exists(twin)) {
                return lock;
            }
            // Consolidated while we waited for the lock: what we may have created is empty and must go,
            // or the compactor would take it for a leftover of that consolidation.
            try {
                if (lock.channel().size() == 0) {
                    Files.deleteIfExists(file);
                }
            } finally {
                lock.close();
            }
            open = false;
            lateTokens.remove(hour);
        }
    }

    private Path lateFile(long hour, boolean fresh) {
        if (fresh || lateTokens.size() > MAX_LATE_TOKENS) {
            lateTokens.remove(hour);
            if (lateTokens.size() > MAX_LATE_TOKENS) {
                lateTokens.clear();
            }
        }
        String token = lateTokens.computeIfAbsent(hour, h -> Long.toString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36));
        Path usual = store.minuteFile(hour, writerId);
        return usual.resolveSibling(writerId + ".late-" + token + ".jsonl");
    }

    private void appendOne(long hourMillis, List<String> lines, long now, List<Written> done) throws IOException {
        StringBuilder sb = new StringBuilder(lines.size() * 256);
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        MinuteFileLock lock = lockFileOf(hourMillis, now);
        FileChannel ch = lock.channel();
        long before;
        try {
            before = ch.size();
            if (endsMidLine(ch, before)) {
                // An earlier write died half way (a crash): end that fragment so our first line is
                // not glued to it; readers then skip one malformed line instead of two.
                sb.insert(0, '\n');
            }
        } catch (IOException | RuntimeException e) {
            releaseAll(List.of(new Written(lock, hourMillis, lock.file(), 0, new byte[0])), e);
            throw e;
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        done.add(new Written(lock, hourMillis, lock.file(), before, bytes)); // released (and cut back on failure) by appendAll
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long at = before;
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
        ch.force(false);
    }

    private static boolean endsMidLine(FileChannel ch, long size) throws IOException {
        if (size == 0) {
            return false;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) != '\n';
    }
}
