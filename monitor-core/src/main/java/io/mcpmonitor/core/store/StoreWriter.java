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
 * <p>Not thread-safe: one flushing thread per writer.
 */
public final class StoreWriter {

    /**
     * How long after its hour ends a writer still appends to the hour's usual file: a flush just after
     * the hour turned. The compactor waits longer (its grace) before it consolidates the file.
     */
    static final long APPEND_WINDOW_MILLIS = 60_000;
    private static final int MAX_LATE_TOKENS = 256;

    private final Store store;
    private final String writerId;
    // The late file of each closed hour this writer wrote to, until the compactor consolidates it.
    private final java.util.Map<Long, String> lateTokens = new java.util.HashMap<>();

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

    /** A file written under its lock and the length it had before, to cut it back to if a later write fails. */
    private record Written(MinuteFileLock lock, long sizeBefore) {
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
            releaseAll(List.of(new Written(lock, 0)), e);
            throw e;
        }
        done.add(new Written(lock, before)); // released (and cut back on failure) by appendAll
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
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
