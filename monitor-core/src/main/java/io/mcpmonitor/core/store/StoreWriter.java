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
 * Appends lines to this writer's own file of the current hour. No other process writes that file,
 * so no cross-process lock is needed; a batch goes out in one {@code write} so a reader sees whole
 * lines, except possibly a torn last one after a crash, which readers skip.
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
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(lines.size() * 256);
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        Path file = store.minuteFile(wallMillis, writerId);
        Files.createDirectories(file.getParent());
        boolean endsMidLine = endsMidLine(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            if (endsMidLine) {
                // An earlier write died half way (disk full, crash): end that fragment so our first
                // line is not glued to it; readers then skip one malformed line instead of two.
                sb.insert(0, '\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
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
