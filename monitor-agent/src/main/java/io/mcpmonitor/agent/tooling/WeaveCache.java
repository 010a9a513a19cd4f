package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * Class files the agent wove at an earlier start, so that a host started again with the same agent, options and
 * SDK gets the same woven bytes without the agent loading its weaving library (Byte Buddy: about 600 classes and
 * a third of a second of CPU, while the host starts on the same cores).
 *
 * <p>An entry is found by the SHA-256 of everything the weaving depends on: the agent build (its jar's directory:
 * the names, sizes and CRCs of every entry), the options that change weaving ({@code include=}), the class's name, whether
 * the agent's Reactor helper is defined beside it, and the original class file, byte for byte. So an entry is
 * only ever used for exactly the input it was made from; another SDK version, a patched class or a rebuilt agent
 * simply misses. Only classes that were changed are kept: a class left alone (a shape the agent does not know)
 * is weighed again at every start, so what the weaving says about it is said every time.
 *
 * <p>Files: {@code DIR/<agent build id>/<key>.class}, each the 32-byte SHA-256 of the woven bytes followed by
 * them, written to a temporary file and renamed, so a reader sees a whole entry or none; an entry that does not
 * match its digest is deleted and missed. {@code DIR} is created readable by its owner only, and a directory
 * that others may write is not used (its bytes go into the host's classes). Directories of other agent builds
 * untouched for {@value #STALE_DAYS} days are deleted, and temporary files left by a process that died while
 * writing, once ten minutes old. Every failure makes the cache miss, never the agent fail.
 *
 * <p>Thread-safe: entries are immutable files; concurrent writers of one entry write the same bytes.
 */
final class WeaveCache {

    static final int STALE_DAYS = 30;
    private static final int DIGEST_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final byte[] settings;
    private final AgentLog log;
    // entries the look-ahead read and checked, until the class's loading asks for them (see holds)
    private final Map<Path, byte[]> lookedAhead = new ConcurrentHashMap<>();

    private WeaveCache(Path directory, byte[] settings, AgentLog log) {
        this.directory = directory;
        this.settings = settings;
        this.log = log;
    }

    /**
     * The cache under {@code root} for the agent jar {@code agentJar} and the weaving options {@code include} (as
     * the options print them), or null when there is none: {@code root} null (option {@code cache=off}), or not
     * usable (says why once, as information).
     */
    static WeaveCache open(Path root, Path agentJar, String include, AgentLog log) {
        if (root == null) {
            return null;
        }
        try {
            String build = buildId(agentJar);
            Path dir = root.resolve(build);
            createPrivate(root);
            if (!privateTo(root)) {
                log.info("weave cache " + root + " not used: it must be a directory of this user's that no one else"
                        + " may write");
                return null;
            }
            Files.createDirectories(dir);
            Files.setLastModifiedTime(dir, FileTime.fromMillis(System.currentTimeMillis())); // in use: not stale
            removeStale(root, build);
            removeLeftTemporaries(dir);
            byte[] settings = ("include=" + include).getBytes(StandardCharsets.UTF_8);
            return new WeaveCache(dir, settings, log);
        } catch (IOException | RuntimeException e) {
            log.info("weave cache " + root + " not used: " + e);
            return null;
        }
    }

    /** The woven bytes kept for exactly this input, or null. */
    byte[] get(String internalName, byte[] classFile, boolean helperDefined) {
        Path entry = entry(internalName, classFile, helperDefined);
        byte[] looked = lookedAhead.remove(entry);
        return looked != null ? looked : readChecked(entry);
    }

    /**
     * Whether the cache holds this input, read and checked now (the start-up look-ahead); its bytes are kept in memory
     * for the {@link #get} of the class's loading, which then reads nothing. Those of a class never loaded (a validator
     * of a server that is never called) stay, a few tens of KB.
     */
    boolean holds(String internalName, byte[] classFile, boolean helperDefined) {
        Path entry = entry(internalName, classFile, helperDefined);
        byte[] woven = readChecked(entry);
        if (woven != null) {
            lookedAhead.put(entry, woven);
        }
        return woven != null;
    }

    private byte[] readChecked(Path entry) {
        byte[] stored;
        try {
            stored = Files.readAllBytes(entry);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.info("weave cache: cannot read " + entry + ": " + e);
            return null;
        }
        if (stored.length > DIGEST_BYTES) {
            byte[] woven = Arrays.copyOfRange(stored, DIGEST_BYTES, stored.length);
            if (Arrays.equals(sha256(woven), 0, DIGEST_BYTES, stored, 0, DIGEST_BYTES)) {
                return woven;
            }
        }
        log.info("weave cache: " + entry + " is damaged; deleted, the class is woven again");
        try {
            Files.deleteIfExists(entry);
        } catch (IOException e) {
            // it keeps missing: each start weaves the class again
        }
        return null;
    }

    /** Keeps {@code woven} as the weaving of this input; a failure to write is only logged. */
    void put(String internalName, byte[] classFile, boolean helperDefined, byte[] woven) {
        Path entry = entry(internalName, classFile, helperDefined);
        // one temporary file per process and thread: two loaders of one class may keep it at the same moment
        Path tmp = entry.resolveSibling(entry.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + ".tmp");
        try {
            byte[] out = ByteBuffer.allocate(DIGEST_BYTES + woven.length).put(sha256(woven)).put(woven).array();
            Files.write(tmp, out);
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.info("weave cache: cannot keep " + internalName + " in " + directory + ": " + e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temporary file is never read as an entry
            }
        }
    }

    Path directory() {
        return directory;
    }

    private Path entry(String internalName, byte[] classFile, boolean helperDefined) {
        MessageDigest d = digest();
        d.update(settings);
        d.update((byte) 0);
        d.update(internalName.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update((byte) (helperDefined ? 1 : 0));
        d.update(classFile);
        return directory.resolve(HexFormat.of().formatHex(d.digest()) + ".class");
    }

    /**
     * Identifies the agent build by its jar's central directory, which names every entry with its size and CRC-32:
     * a rebuilt agent whose classes differ has another one. Read as one block from the jar's end (a few hundred KB),
     * not entry by entry: walking the jar's entries took a fresh JVM ~60-90 ms at every start.
     */
    static String buildId(Path agentJar) throws IOException {
        try (FileChannel ch = FileChannel.open(agentJar, StandardOpenOption.READ)) {
            long size = ch.size();
            int tailLength = (int) Math.min(size, END_RECORD_BYTES + MAX_COMMENT_BYTES);
            ByteBuffer tail = readFully(ch, size - tailLength, tailLength);
            for (int at = tailLength - END_RECORD_BYTES; at >= 0; at--) {
                if (tail.getInt(at) != END_RECORD_SIGNATURE) {
                    continue;
                }
                long directoryLength = tail.getInt(at + 12) & 0xffffffffL;
                long directoryOffset = tail.getInt(at + 16) & 0xffffffffL;
                if (directoryOffset + directoryLength > size || directoryLength > Integer.MAX_VALUE) {
                    break; // a ZIP64 jar or a damaged one: not a build this cache can name
                }
                // CRC-32 and Adler-32 run natively even in a JVM that has compiled nothing yet (SHA-256 of the
                // directory took 30-60 ms there); with both lengths they tell builds apart well enough for a name
                // (each entry's key is a SHA-256 that includes this id).
                ByteBuffer directory = readFully(ch, directoryOffset, (int) directoryLength);
                CRC32 crc = new CRC32();
                crc.update(directory.duplicate());
                Adler32 adler = new Adler32();
                adler.update(directory);
                return "agent-" + HexFormat.of().toHexDigits((int) crc.getValue()) + HexFormat.of().toHexDigits(
                        (int) adler.getValue()) + HexFormat.of().toHexDigits((int) directoryLength)
                        + HexFormat.of().toHexDigits((int) size);
            }
        }
        throw new IOException(agentJar + " has no zip directory this cache can read");
    }

    private static final int END_RECORD_SIGNATURE = 0x06054b50;
    private static final int END_RECORD_BYTES = 22;
    private static final int MAX_COMMENT_BYTES = 0xffff;

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("the jar ended early");
            }
        }
        return b.flip();
    }

    private static void createPrivate(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            return;
        }
        Path parent = root.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectory(root);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process made it at the same moment
        }
    }

    /**
     * Whether {@code root} (not a link) is owned by this process's user and writable by nobody else; always true
     * where the file system has no POSIX modes.
     */
    private static boolean privateTo(Path root) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException notPosix) {
            return true;
        }
        return !Files.isSymbolicLink(root) && !mode.contains(PosixFilePermission.GROUP_WRITE)
                && !mode.contains(PosixFilePermission.OTHERS_WRITE)
                && Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    }

    private static void removeStale(Path root, String keep) {
        FileTime cutoff = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(STALE_DAYS).toMillis());
        try (DirectoryStream<Path> builds = Files.newDirectoryStream(root, "agent-*")) {
            for (Path build : builds) {
                if (!build.getFileName().toString().equals(keep)
                        && Files.getLastModifiedTime(build, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0) {
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(build)) {
                        for (Path e : entries) {
                            Files.deleteIfExists(e);
                        }
                    }
                    Files.deleteIfExists(build);
                }
            }
        } catch (IOException | RuntimeException e) {
            // stale entries cost disk only; the next start tries again
        }
    }

    /** Temporary files of a process that died between writing and renaming an entry, once ten minutes old. */
    private static void removeLeftTemporaries(Path dir) {
        long cutoff = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path t : temporaries) {
                if (Files.getLastModifiedTime(t, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException | RuntimeException e) {
            // they are never read as entries; the next start tries again
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
