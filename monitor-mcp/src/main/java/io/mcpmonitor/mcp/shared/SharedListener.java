package io.mcpmonitor.mcp.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The shared sidecar's side of its socket: it holds the address's lock (so one process serves an
 * address), listens on the socket, serves every connection as one MCP session on a thread of its own,
 * and stops when no session has been connected for the idle time, or when closed.
 *
 * <p>A process that cannot take the lock because another one serves the address gets no listener
 * ({@link #bind} returns null) and should exit: the sessions reach the other one. A socket file left
 * by a process that died is removed by the next one that takes the lock. Stopping closes the socket
 * before anything else, so a session that connects while the sidecar stops sees its connection
 * refused or closed without an answer, and its relay starts a new sidecar.
 */
public final class SharedListener implements AutoCloseable {

    /** How long a starting sidecar waits for the lock of one that is stopping. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    /** Serves one session over a connection; returns when the session has ended. */
    @FunctionalInterface
    public interface Session {
        void serve(InputStream in, OutputStream out) throws Exception;
    }

    private final SharedAddress address;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final Consumer<String> log;
    private int active;
    private long sessions;
    private long idleSince = System.nanoTime();
    private boolean stopping;
    private boolean stoppedListening; // guarded by this

    private SharedListener(SharedAddress address, FileChannel lockFile, FileLock lock, ServerSocketChannel server,
                           Consumer<String> log) {
        this.address = address;
        this.lockFile = lockFile;
        this.lock = lock;
        this.server = server;
        this.log = log;
    }

    /**
     * Takes {@code address} and listens on its socket, or returns null when another process serves it.
     *
     * @throws IOException when the lock is held by a process that does not answer on the socket for
     *                     {@link #LOCK_WAIT}, or the socket cannot be bound
     */
    public static SharedListener bind(SharedAddress address, Consumer<String> log) throws IOException {
        FileChannel lockFile = FileChannel.open(address.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
            FileLock lock;
            while ((lock = tryLock(lockFile)) == null) {
                SocketChannel other = SessionRelay.connect(address.socket());
                if (other != null) {
                    other.close();
                    lockFile.close();
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("another process holds " + address.lock() + " and does not answer on " + address.socket());
                }
                Thread.sleep(100);
            }
            // The pid first: a session that connects names the process that serves it.
            java.nio.file.Path pidTemp = address.pidFile().resolveSibling(address.pidFile().getFileName() + ".tmp");
            Files.writeString(pidTemp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(pidTemp, address.pidFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(address.socket());
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(address.socket()), 64);
            Files.setPosixFilePermissions(address.socket(), PosixFilePermissions.fromString("rw-------"));
            return new SharedListener(address, lockFile, lock, server, log);
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lockFile.close();
            throw new IOException("interrupted while waiting for " + address.lock());
        }
    }

    /** The lock, or null while another process (or another listener of this one) holds it. */
    private static FileLock tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Serves connections, each with {@code session} on its own thread, until no session has been
     * connected for {@code idleExit} or {@link #close()} is called; then stops listening and returns.
     * Sessions still connected when closed are left to end with the process.
     */
    public void serve(Duration idleExit, Session session) throws InterruptedException {
        Thread acceptor = new Thread(() -> accept(session), "mcp-monitor-shared-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        synchronized (this) {
            idleSince = System.nanoTime();
            while (!stopping) {
                long idleFor = System.nanoTime() - idleSince;
                if (active == 0 && idleFor >= idleExit.toNanos()) {
                    log.accept("no session for " + idleExit + ": stopping after " + sessions + " sessions");
                    break;
                }
                long waitNanos = active == 0 ? idleExit.toNanos() - idleFor : idleExit.toNanos();
                wait(Math.max(1, waitNanos / 1_000_000));
            }
        }
        stopListening();
        acceptor.join(5_000);
    }

    private void accept(Session session) {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.accept("accepting a session: " + e);
                continue;
            }
            long n;
            synchronized (this) {
                if (stopping) {
                    closeQuietly(ch);
                    return;
                }
                active++;
                n = ++sessions;
            }
            log.accept("session " + n + " began");
            Thread t = new Thread(() -> run(session, ch, n), "mcp-monitor-shared-session-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void run(Session session, SocketChannel ch, long n) {
        try {
            session.serve(new ChannelIn(ch), new ChannelOut(ch));
        } catch (Exception e) {
            log.accept("session ended with " + e);
        } finally {
            closeQuietly(ch);
            int left;
            synchronized (this) {
                left = --active;
                idleSince = System.nanoTime();
                notifyAll();
            }
            log.accept("session " + n + " ended; " + left + " connected");
        }
    }

    /** Sessions connected now. */
    public synchronized int activeSessions() {
        return active;
    }

    /**
     * Closes the socket and removes its files, once: both {@link #serve} (at its end) and {@link #close()} call it,
     * and a second removal after the lock is given up would delete the files of the next sidecar, which may have
     * taken the address meanwhile. Under this object's monitor, so {@link #close()} gives up the lock only after
     * the files are gone.
     */
    private synchronized void stopListening() {
        stopping = true;
        notifyAll();
        if (stoppedListening) {
            return;
        }
        stoppedListening = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
        try {
            Files.deleteIfExists(address.socket());
            Files.deleteIfExists(address.pidFile());
        } catch (IOException e) {
            log.accept("removing " + address.socket() + ": " + e);
        }
    }

    /** Stops listening and gives up the address (idempotent, any thread). */
    @Override
    public void close() {
        stopListening();
        try {
            if (lock.isValid()) {
                lock.release();
            }
            lockFile.close();
        } catch (IOException ignored) {
            // The lock goes with the process anyway.
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Nothing more to do with it.
        }
    }

    /**
     * Reads a socket channel as a stream. Not {@code Channels.newInputStream}: on Java 17 its streams of
     * one channel lock the same monitor, so a blocked read would hold up every write of the session.
     */
    private static final class ChannelIn extends InputStream {
        private final SocketChannel ch;

        ChannelIn(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n;
            do {
                n = ch.read(ByteBuffer.wrap(b, off, len));
            } while (n == 0);
            return n;
        }
    }

    /** Writes a socket channel as a stream (see {@link ChannelIn} for why not {@code Channels}). */
    private static final class ChannelOut extends OutputStream {
        private final SocketChannel ch;

        ChannelOut(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
