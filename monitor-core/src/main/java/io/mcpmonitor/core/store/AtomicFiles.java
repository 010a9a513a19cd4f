package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file rewrites that a concurrent reader sees either before or after, never half done. */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to a temporary file beside {@code target}, forces it, and renames it over. */
    static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Forces the directory entry of a rename to disk, so that after a power cut the file is there under
     * its new name and not only its bytes. Some platforms cannot open a directory: then the rename
     * stays as durable as the file system makes it by itself.
     */
    static void forceDirectory(Path directory) {
        try (var ch = java.nio.channels.FileChannel.open(directory, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notADirectoryChannel) {
            // best effort by design (see above); the file's own bytes were already forced
        }
    }

    /** Writes {@code lines} gzipped, one per line, atomically as {@link #write}. */
    static void writeGzipLines(Path target, java.util.List<String> lines) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            for (String line : lines) {
                gz.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                gz.write('\n');
            }
        }
        write(target, bytes.toByteArray());
    }
}
