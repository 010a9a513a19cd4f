package io.mcpmonitor.mcp.shared;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Where the shared sidecar of one store and one configuration lives: its Unix-domain socket, the lock
 * its one process holds, its pid file and its log, all in the user's runtime directory.
 *
 * <p>The name is a digest of everything that makes two sidecars different: the store directory, the
 * options it serves with, the monitor's own jar (its path, size and time) and the Java that runs it.
 * So a session never reaches a sidecar of another store, of other options, or of an older build: it
 * starts its own. The runtime directory is {@code $MCP_MONITOR_RUNTIME_DIR}, else
 * {@code $XDG_RUNTIME_DIR/mcp-monitor}, else {@code <tmpdir>/mcp-monitor-<user>}; it is created
 * readable by its owner only, and refused when another user owns it or others may write to it (then
 * a session serves alone). JDK only: the session side loads nothing else.
 *
 * @param directory the runtime directory
 * @param id        16 hex digits naming this sidecar
 */
public record SharedAddress(Path directory, String id) {

    /** A Unix-domain socket path longer than this does not bind on Linux (108 bytes with the final NUL). */
    static final int MAX_SOCKET_PATH = 107;

    /** The socket sessions connect to. */
    public Path socket() {
        return directory.resolve(id + ".sock");
    }

    /** Held (an OS file lock) by the one process that serves this address. */
    public Path lock() {
        return directory.resolve(id + ".lock");
    }

    /** The serving process's pid, written once it listens. */
    public Path pidFile() {
        return directory.resolve(id + ".pid");
    }

    /** Where the serving process's stderr goes. */
    public Path log() {
        return directory.resolve(id + ".log");
    }

    /** The pid in {@link #pidFile()}, or -1 when there is none or it cannot be read. */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The address of the sidecar for {@code store} served with {@code options} (the {@code serve} options
     * after the store, in order), in {@code directory}.
     */
    public static SharedAddress of(Path directory, Path store, List<String> options) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        update(sha, store.toAbsolutePath().normalize().toString());
        for (String option : options) {
            update(sha, option);
        }
        update(sha, build());
        update(sha, System.getProperty("java.home", ""));
        update(sha, System.getProperty("java.version", ""));
        return new SharedAddress(directory, HexFormat.of().formatHex(sha.digest(), 0, 8));
    }

    private static void update(MessageDigest sha, String part) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    /** The monitor's own code: the class path, with each entry's size and time (a rebuilt jar is another build). */
    private static String build() {
        StringBuilder b = new StringBuilder();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            File f = new File(entry);
            b.append(f.getAbsolutePath()).append(':').append(f.length()).append(':').append(f.lastModified()).append(';');
        }
        return b.toString();
    }

    /**
     * The runtime directory, created for its owner only if missing.
     *
     * @throws IOException when it cannot be created, or is not safe (owned by another user, or
     *                     writable by others), with the reason
     */
    public static Path runtimeDirectory() throws IOException {
        String explicit = System.getenv("MCP_MONITOR_RUNTIME_DIR");
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        Path dir;
        if (explicit != null && !explicit.isBlank()) {
            dir = Path.of(explicit.trim());
        } else if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg.trim()))) {
            dir = Path.of(xdg.trim(), "mcp-monitor");
        } else {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "mcp-monitor-" + System.getProperty("user.name", "user"));
        }
        return privateDirectory(dir);
    }

    /** {@code dir}, created for its owner only if missing, if it is safe (see {@link #runtimeDirectory()}). */
    static Path privateDirectory(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException e) {
                throw new IOException("no POSIX file permissions here, so no private directory for the shared sidecar");
            }
        }
        String me = System.getProperty("user.name", "");
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(me)) {
            throw new IOException(dir + " belongs to " + owner + ", not to " + me);
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " may be written by other users (" + PosixFilePermissions.toString(perms) + ")");
        }
        return dir;
    }

    /** Why this address cannot be served here, or null when it can. */
    String unusable() {
        int length = socket().toString().getBytes(StandardCharsets.UTF_8).length;
        return length > MAX_SOCKET_PATH
                ? "its socket path " + socket() + " is " + length + " bytes, more than a Unix socket takes (" + MAX_SOCKET_PATH
                + "); set MCP_MONITOR_RUNTIME_DIR to a shorter directory"
                : null;
    }
}
