package io.mcpmonitor.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A small state file that survives its own damage: every write replaces the file atomically and then
 * its last-good copy ({@code NAME.last-good}) the same way, so at every moment at least one of the two
 * holds a complete, valid version. A read that finds the file damaged (unparseable, or refused by the
 * caller's parser) falls back to the copy, puts the file back from it, and says so in
 * {@link Loaded#note()}. When both are damaged the file is moved aside ({@code NAME.damaged-<millis>},
 * never deleted, so a person can still look at it) and the caller starts afresh, told so.
 *
 * <p>Stateless and thread-safe; callers that write the same file from several threads serialise
 * their writes. Not for files appended to: each write is whole.
 */
public final class LastGoodFile {

    /** Parses the bytes of a file; throws (any exception) when they are not a valid version. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] bytes) throws Exception;
    }

    /**
     * What a read found: {@code value} is null when neither the file nor its copy exists or holds a
     * valid version; {@code note} is empty when the file was read as it is, else it says what was
     * damaged and what was done about it.
     */
    public record Loaded<T>(T value, String note) {
        public boolean recovered() {
            return !note.isEmpty();
        }
    }

    private LastGoodFile() {
    }

    /** The last-good copy of {@code file}. */
    public static Path copyOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".last-good");
    }

    /** Writes {@code bytes} as the new version of {@code file}, then as its last-good copy. */
    public static void write(Path file, byte[] bytes) throws IOException {
        AtomicFiles.write(file, bytes);
        AtomicFiles.write(copyOf(file), bytes);
    }

    /**
     * Reads {@code file} with {@code parser}, falling back to its last-good copy (and restoring the
     * file from it) when the file is missing or damaged.
     *
     * @throws IOException only when the file system itself fails (not for damaged content)
     */
    public static <T> Loaded<T> read(Path file, Parser<T> parser) throws IOException {
        Path copy = copyOf(file);
        sweepOrphans(file);
        String damage;
        try {
            return new Loaded<>(parser.parse(Files.readAllBytes(file)), "");
        } catch (NoSuchFileException e) {
            damage = null;
        } catch (IOException e) {
            if (!Files.exists(file)) {
                damage = null;
            } else {
                damage = reason(e);
            }
        } catch (Exception e) {
            damage = reason(e);
        }
        byte[] copyBytes;
        T fromCopy = null;
        String copyDamage = null;
        try {
            copyBytes = Files.readAllBytes(copy);
            fromCopy = parser.parse(copyBytes);
        } catch (NoSuchFileException e) {
            copyBytes = null;
        } catch (Exception e) {
            copyBytes = null;
            copyDamage = reason(e);
        }
        if (fromCopy != null) {
            AtomicFiles.write(file, copyBytes);
            String what = damage == null ? "was missing" : "was damaged (" + damage + ")";
            return new Loaded<>(fromCopy, file + " " + what + "; restored from its last-good copy " + copy + " of "
                    + Instant.ofEpochMilli(Files.getLastModifiedTime(copy).toMillis()));
        }
        if (damage == null) {
            return new Loaded<>(null, copyDamage == null ? "" : copy + " was damaged (" + copyDamage + ") and "
                    + file + " missing: starting afresh");
        }
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        Files.move(file, aside);
        return new Loaded<>(null, file + " was damaged (" + damage + ") and had no valid last-good copy"
                + (copyDamage == null ? "" : " (" + copyDamage + ")") + "; moved aside to " + aside + ", starting afresh");
    }

    /** Temporary files older than this were left by a process killed mid-write, not by one writing now. */
    private static final long ORPHAN_AGE_MILLIS = 10 * 60_000L;

    /** Removes the temporary files of {@code file} and its copy that a killed writer left behind. */
    private static void sweepOrphans(Path file) {
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String prefix = "." + file.getFileName();
        long cutoff = System.currentTimeMillis() - ORPHAN_AGE_MILLIS;
        try (var s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : s) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a leftover temporary file costs only its bytes; the next read tries again
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String first = nl < 0 ? m : m.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
