package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Class files the agent wove at an earlier start, so that a host started again with the same agent, options and
 * SDK gets the same woven bytes without the agent loading its weaving library (Byte Buddy: about 600 classes and
 * a third of a second of CPU, while the host starts on the same cores).
 *
 * <p>An entry is found by the SHA-256 of everything the weaving depends on: the agent build (the names, sizes and
 * CRCs of every entry of its jar), the options that change weaving ({@code include=}), the class's name, whether
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
     * Identifies the agent build by the name, size and CRC-32 of every entry of its jar (read from the jar's
     * directory, nothing inflated) and the jar's length: a rebuilt agent whose classes differ has another id.
     */
    static String buildId(Path agentJar) throws IOException {
        MessageDigest d = digest();
        try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
            ByteBuffer numbers = ByteBuffer.allocate(16);
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                d.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                numbers.clear();
                numbers.putLong(entry.getSize()).putLong(entry.getCrc());
                d.update(numbers.array());
            }
        }
        d.update(ByteBuffer.allocate(8).putLong(Files.size(agentJar)).array());
        return "agent-" + HexFormat.of().formatHex(d.digest(), 0, 12);
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
