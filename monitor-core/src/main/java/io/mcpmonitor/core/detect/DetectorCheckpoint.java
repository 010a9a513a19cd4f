package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The saved state of the background detectors ({@code auto}, one sensitivity) in one file of the
 * store, so a new sidecar process continues where an earlier one stopped instead of learning the
 * whole day of minute data again: it loads the file and feeds only the minutes after it.
 *
 * <p><b>Format.</b> A header — magic, {@link #FORMAT}, the {@linkplain #key key}, the wall time it
 * was written, the first minute it has not learned ({@code closedUntil}), the payload's length and
 * CRC-32C — then the payload, {@link DetectorBank#writeState}: every component writes and reads
 * its own fields, in the same order. The key is a hash of the format, of the fields (names and
 * types) and constants of every class whose state is saved ({@link #STATE_CLASSES}), of the
 * {@code auto} configuration and gates of the sensitivity, and of the enum constants written as
 * ordinals: a file written by another build or parameter set has another key and is ignored, never
 * misread.
 *
 * <p><b>Writers.</b> Several sidecars may write the same file at once (one per MCP session): each
 * writes a temporary file of its own in the same directory, forces it to disk and renames it over
 * the file atomically, so a reader sees one complete checkpoint or another, never a torn one; the
 * last rename wins. One writer at a time: a writer that cannot lock {@link #lockFile} at once leaves
 * the file to the one that holds it. A writer does not replace a checkpoint that has learned further
 * than its own, nor one that learned almost as far (the caller says how far is worth a write).
 *
 * <p><b>Readers.</b> A missing file, another key, a damaged file (short, bad CRC, content that does
 * not read back), or one older than {@link #MAX_AGE_MILLIS} (the store no longer holds all the
 * minutes after it) is ignored with one line to the diagnostics, and detection learns from the
 * store as without a checkpoint. Stateless; thread-safe.
 */
final class DetectorCheckpoint {
    /** Version of the file layout (the header and the order of the components). */
    static final int FORMAT = 2;
    /**
     * A checkpoint older than this is not used: minute data is kept 24 hours, so the minutes
     * between it and the oldest minute the store still holds would be missing.
     */
    static final long MAX_AGE_MILLIS = 23 * 3_600_000L;
    private static final int MAGIC = 0x4D444554; // "MDET"
    /** Every class with fields that {@code writeState} saves; part of the key. A new one must be listed here. */
    static final List<Class<?>> STATE_CLASSES = List.of(DetectorBank.class, SeriesWatch.class, ServerWatch.class,
            LatencyWatch.class, PooledLatencyWatch.class, ErrorWatch.class, ThroughputWatch.class, ResourceWatch.class,
            TransformedDetector.class, AutoDetector.class, SamplingCadence.class, ExpectedValueModel.class,
            SortedWindow.class, SeasonalProfile.class, RobustScale.class, ShiftStatistic.class, TailCalibrator.class,
            DecayingLogHistogram.class, Ewma.class, AlertDebouncer.class, IncidentTracker.class, Incident.class,
            Signal.class, CallHistory.class, AutoConfig.class, Gates.class);

    /**
     * What {@link #write} did: the bytes written (0 when it left the file as it was), and the median
     * and longest time it held the bank's lock at once.
     */
    record Written(int bytes, long medianLockNanos, long longestLockNanos) {
        static final Written NOTHING = new Written(0, 0, 0);
    }

    /** What {@link #load} found. {@code bank} is null when the checkpoint was not used, and {@code note} says why. */
    record Loaded(DetectorBank bank, long closedUntil, long writtenMillis, int bytes, String note) {
    }

    private DetectorCheckpoint() {
    }

    /** The file of the background checkpoint of {@code sensitivity} under the store root. */
    static Path file(Path storeRoot, Sensitivity sensitivity) {
        return storeRoot.resolve("detect").resolve("auto-" + sensitivity.wireName() + ".state");
    }

    /** The key of checkpoints of {@code auto} at {@code sensitivity} in this build. */
    static String key(Sensitivity sensitivity) {
        StringBuilder b = new StringBuilder("format=").append(FORMAT).append(';');
        for (Class<?> c : STATE_CLASSES) {
            b.append(c.getSimpleName()).append('{');
            Field[] fields = c.getDeclaredFields();
            Arrays.sort(fields, Comparator.comparing(Field::getName));
            for (Field f : fields) {
                b.append(f.getName()).append(':').append(f.getType().getName());
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())
                        && (f.getType().isPrimitive() || f.getType() == String.class)) {
                    try {
                        f.setAccessible(true);
                        b.append('=').append(f.get(null));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        b.append("=?");
                    }
                }
                b.append(',');
            }
            b.append('}');
        }
        AutoConfig cfg = AutoConfig.defaults(sensitivity);
        for (Field f : AutoConfig.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                try {
                    f.setAccessible(true);
                    b.append(f.getName()).append('=').append(f.get(cfg)).append(';');
                } catch (ReflectiveOperationException | RuntimeException e) {
                    b.append(f.getName()).append("=?;");
                }
            }
        }
        b.append(Gates.of(sensitivity)).append(';').append(sensitivity.wireName()).append(';');
        b.append(Arrays.toString(Metric.values())).append(Arrays.toString(Metric.Family.values()))
                .append(Arrays.toString(Severity.values())).append(Arrays.toString(Outcome.values()));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Writes the state of {@code bank} (the background bank) to {@code file}, atomically, unless the
     * file already holds a checkpoint of this key that learned up to less than {@code minNewMillis}
     * before {@code closedUntil} (or further), or another writer is writing it now: one writer at a
     * time holds the lock of {@link #lockFile}, and the others leave the file to that one.
     */
    static Written write(Path file, DetectorBank bank, long closedUntil, long wallMillis, long minNewMillis) throws IOException {
        String key = key(bank.sensitivity);
        if (!worthWriting(header(file), key, closedUntil, minNewMillis)) {
            return Written.NOTHING;
        }
        Files.createDirectories(file.getParent());
        // the lock file is never deleted: removing it could let two writers lock two different files
        try (FileChannel lockChannel = FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another writer of this process
            }
            if (lock == null) {
                return Written.NOTHING;
            }
            // released when the channel closes; another writer may have renamed a newer file before we got it
            if (!worthWriting(header(file), key, closedUntil, minNewMillis)) {
                return Written.NOTHING;
            }
            DetectorBank.State state = bank.writeState();
            return new Written(writeLocked(file, key, state.pieces(), closedUntil, wallMillis),
                    state.medianLockNanos(), state.longestLockNanos());
        }
    }

    /** The file a writer locks while it writes {@code file}. */
    static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static boolean worthWriting(Header existing, String key, long closedUntil, long minNewMillis) {
        return existing == null || !existing.key.equals(key) || closedUntil - existing.closedUntil >= minNewMillis;
    }

    private static int writeLocked(Path file, String key, List<byte[]> payload, long closedUntil, long wallMillis)
            throws IOException {
        CRC32C crc = new CRC32C();
        long length = 0;
        for (byte[] piece : payload) {
            crc.update(piece);
            length += piece.length;
        }
        if (length > Integer.MAX_VALUE - 1024) {
            throw new IOException("detector state of " + length + " bytes");
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = ByteBuffer.allocate(4 + 4 + 4 + keyBytes.length + 8 + 8 + 4 + 4);
        head.putInt(MAGIC).putInt(FORMAT).putInt(keyBytes.length).put(keyBytes).putLong(wallMillis).putLong(closedUntil)
                .putInt((int) length).putInt((int) crc.getValue());
        deleteOldTemporaries(file, wallMillis);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (var ch = Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                head.flip();
                while (head.hasRemaining()) {
                    ch.write(head);
                }
                for (byte[] piece : payload) {
                    ByteBuffer body = ByteBuffer.wrap(piece);
                    while (body.hasRemaining()) {
                        ch.write(body);
                    }
                }
                ((FileChannel) ch).force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return head.limit() + (int) length;
    }

    /**
     * Loads the checkpoint of {@code sensitivity} from {@code file} at {@code wallMillis}: a bank that
     * has learned every minute before {@code closedUntil} of the series it holds, or, when the
     * file is missing, stale, of another key or damaged, a null bank and the reason.
     */
    static Loaded load(Path file, Sensitivity sensitivity, long wallMillis) {
        // mapped, not copied onto the heap: the file is never changed in place (writers rename a new one over it)
        ByteBuffer all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, 0, file + " is damaged (" + size + " bytes)");
            }
            all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, 0, "no checkpoint yet");
        } catch (IOException | RuntimeException e) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, 0, "cannot read " + file + ": " + e);
        }
        return load(file, all, sensitivity, wallMillis);
    }

    private static Loaded load(Path file, ByteBuffer all, Sensitivity sensitivity, long wallMillis) {
        int length = all.limit();
        Header h;
        try {
            h = Header.parse(all.duplicate());
        } catch (RuntimeException e) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " is damaged (its header: " + e.getMessage() + ")");
        }
        if (!h.key.equals(key(sensitivity))) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " was written by another build or parameter set");
        }
        if (h.closedUntil < wallMillis - MAX_AGE_MILLIS) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " is older than "
                    + MAX_AGE_MILLIS / 3_600_000L + " h");
        }
        if (h.payloadOffset + (long) h.payloadLength != length) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " is damaged (" + length
                    + " bytes, header says " + (h.payloadOffset + (long) h.payloadLength) + ")");
        }
        ByteBuffer payload = all.duplicate().position(h.payloadOffset).limit(length);
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        if ((int) crc.getValue() != h.crc) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " is damaged (CRC)");
        }
        DetectorBank bank = new DetectorBank(DetectionMethod.AUTO, sensitivity);
        try {
            bank.readState(new StateIn(payload));
        } catch (StateIn.Damaged | IllegalArgumentException e) {
            return new Loaded(null, Long.MIN_VALUE, Long.MIN_VALUE, length, file + " does not read back: " + e.getMessage());
        }
        return new Loaded(bank, h.closedUntil, h.writtenAt, length, "");
    }

    /** Temporary files of writers that died before their rename, an hour old or more. */
    private static void deleteOldTemporaries(Path file, long wallMillis) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(file.getParent(), file.getFileName() + ".tmp-*")) {
            for (Path p : ds) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < wallMillis - 3_600_000L) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // another writer's file, or gone already: left to the next writer
                }
            }
        } catch (IOException ignored) {
            // the directory cannot be listed: nothing to clean
        }
    }

    /** The header of the file, or null when there is none (missing or unreadable). */
    private static Header header(Path file) {
        try (var ch = Files.newByteChannel(file)) {
            ByteBuffer b = ByteBuffer.allocate(512);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            b.flip();
            return Header.parse(b);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private record Header(String key, long writtenAt, long closedUntil, int payloadOffset, int payloadLength, int crc) {
        static Header parse(ByteBuffer b) {
            if (b.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a detector checkpoint");
            }
            int format = b.getInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("format " + format + ", this build reads " + FORMAT);
            }
            int n = b.getInt();
            if (n < 0 || n > 256) {
                throw new IllegalArgumentException("key of " + n + " bytes");
            }
            byte[] key = new byte[n];
            b.get(key);
            long writtenAt = b.getLong();
            long closedUntil = b.getLong();
            int length = b.getInt();
            int crc = b.getInt();
            if (length < 0) {
                throw new IllegalArgumentException("payload of " + length + " bytes");
            }
            return new Header(new String(key, StandardCharsets.UTF_8), writtenAt, closedUntil, b.position(), length, crc);
        }
    }
}
