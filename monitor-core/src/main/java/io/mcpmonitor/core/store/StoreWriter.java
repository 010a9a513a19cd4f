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

    private final Store store;
    private final String writerId;

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
     * Appends each list of lines to the file of its hour ({@code linesByHour}: hour start millis to
     * lines), all or nothing, and forces them to the disk before returning: when this returns, the
     * lines survive a crash of the process or the machine. When any write fails (disk full, read-only
     * store), every file is cut back to the length it had before, so a retry of the same batch never
     * stores a line twice, and the exception is rethrown.
     */
    public void appendAll(java.util.SortedMap<Long, List<String>> linesByHour) throws IOException {
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
    }

    /** A file written and the length it had before, to cut it back to if a later write of the batch fails. */
    private record Written(Path file, long sizeBefore) {
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
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
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
            return new Written(file, before);
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
