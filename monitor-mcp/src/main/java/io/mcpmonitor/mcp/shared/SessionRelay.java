package io.mcpmonitor.mcp.shared;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One MCP session's side of the shared sidecar: copies the client's stdin to the sidecar's socket and
 * the socket to stdout, byte for byte, until either side ends. It parses nothing and loads nothing
 * but the JDK, so a session starts as fast as a JVM does and answers as fast as the long-lived
 * sidecar, which has the store loaded and its detectors learned.
 *
 * <p>If no sidecar listens, it starts one ({@link SidecarLaunch}) and waits for its socket. If the
 * connection ends before the sidecar sent a single byte (a sidecar that was just stopping because it
 * had been idle, or died), the relay connects again and sends what the client had sent so far: an MCP
 * client sends nothing but {@code initialize} (and pings) before it has the answer to it, so nothing
 * is done twice. Once the sidecar has answered, its end ends the session.
 *
 * <p>Threads: the caller's thread copies socket to stdout; one daemon thread copies stdin to the
 * socket.
 */
public final class SessionRelay {

    /** What {@link #run} returns when no shared sidecar could be reached: the session should serve alone. */
    public static final int SERVE_ALONE = -1;

    /** How long a session waits for a sidecar it started to listen: a JVM's start on a loaded machine. */
    static final Duration START_WAIT = Duration.ofSeconds(120);

    /** Connections tried before the sidecar's first byte, when each ends without one. */
    static final int ATTEMPTS = 4;

    /** What is kept to send again, at most: far more than an {@code initialize}. */
    private static final int MAX_REPLAY = 1 << 20;

    private final SharedAddress address;
    private final SidecarLaunch launch;
    private final PrintStream err;
    private final Object lock = new Object();
    /** Changes only before {@link #answered}: then the stdin thread needs no lock to write to it. */
    private volatile SocketChannel channel;
    private ByteArrayOutputStream replay = new ByteArrayOutputStream();
    private volatile boolean answered;
    private boolean stdinEnded;

    SessionRelay(SharedAddress address, SidecarLaunch launch, PrintStream err) {
        this.address = address;
        this.launch = launch;
        this.err = err;
    }

    /**
     * Relays {@code in} and {@code out} through the shared sidecar at {@code address}, starting it with
     * {@code launch} if none listens.
     *
     * @return 0 when the client ended the session, 1 when the sidecar ended it, {@link #SERVE_ALONE}
     *         when no sidecar could be reached before the session began (the reason is on {@code err})
     */
    public static int run(SharedAddress address, SidecarLaunch launch, InputStream in, OutputStream out, PrintStream err) {
        return new SessionRelay(address, launch, err).relay(in, out);
    }

    private int relay(InputStream in, OutputStream out) {
        String unusable = address.unusable();
        if (unusable != null) {
            err.println("mcp-monitor: no shared sidecar: " + unusable);
            return SERVE_ALONE;
        }
        channel = connectOrStart();
        if (channel == null) {
            return SERVE_ALONE;
        }
        err.println("mcp-monitor: this session is served by the shared sidecar (pid " + address.pid() + ", log "
                + address.log() + ")");
        err.flush();
        Thread upstream = new Thread(() -> copyStdin(in), "mcp-monitor-relay-stdin");
        upstream.setDaemon(true);
        upstream.start();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        int attempts = 1;
        while (true) {
            SocketChannel ch = channel;
            int n;
            try {
                buf.clear();
                n = ch.read(buf);
            } catch (IOException e) {
                n = -1;
            }
            if (n > 0) {
                if (!answered) {
                    synchronized (lock) {
                        answered = true;
                        replay = null;
                    }
                }
                try {
                    out.write(buf.array(), 0, n);
                    out.flush();
                } catch (IOException e) {
                    return 0; // the client is gone
                }
                continue;
            }
            if (n == 0) {
                continue;
            }
            synchronized (lock) {
                close(channel);
                if (answered) {
                    if (stdinEnded) {
                        return 0;
                    }
                    err.println("mcp-monitor: the shared sidecar ended this session; its log: " + address.log());
                    return 1;
                }
                if (replay == null || attempts >= ATTEMPTS) {
                    err.println("mcp-monitor: the shared sidecar closed the session before answering; its log: " + address.log());
                    return 1;
                }
                attempts++;
                channel = connectOrStart();
                if (channel == null) {
                    return 1;
                }
                try {
                    writeAll(channel, replay.toByteArray(), replay.size());
                    if (stdinEnded) {
                        channel.shutdownOutput();
                    }
                } catch (IOException e) {
                    // The read that follows sees the end and decides.
                }
            }
        }
    }

    private void copyStdin(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (answered) {
                    // No reconnection any more: write without the lock, so a full socket never holds up the reader.
                    try {
                        writeAll(channel, buf, n);
                    } catch (IOException e) {
                        // The socket's reader sees the end and ends the session.
                    }
                    continue;
                }
                synchronized (lock) {
                    if (replay != null) {
                        if (replay.size() + n <= MAX_REPLAY) {
                            replay.write(buf, 0, n);
                        } else {
                            replay = null; // too much to send again: this connection is the only one
                        }
                    }
                    try {
                        writeAll(channel, buf, n);
                    } catch (IOException e) {
                        // The socket's reader sees the end and reconnects or ends the session.
                    }
                }
            }
        } catch (IOException e) {
            // stdin failed: as its end.
        }
        synchronized (lock) {
            stdinEnded = true;
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // Already closed: the reader ends the session.
            }
        }
    }

    private static void writeAll(SocketChannel ch, byte[] bytes, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** A connection to the sidecar, started first if none listens; null (the reason on stderr) if none comes. */
    private SocketChannel connectOrStart() {
        SocketChannel ch = connect(address.socket());
        if (ch != null) {
            return ch;
        }
        Process started;
        try {
            started = launch.start(address);
        } catch (IOException | RuntimeException e) {
            err.println("mcp-monitor: could not start the shared sidecar (" + e.getMessage() + "); serving this session alone");
            return null;
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ch = connect(address.socket());
            if (ch != null) {
                return ch;
            }
            if (!started.isAlive() && started.exitValue() != 0) {
                err.println("mcp-monitor: the shared sidecar stopped at its start (exit " + started.exitValue()
                        + "); serving this session alone. The end of its log " + address.log() + ":");
                tail(address.log(), 20).forEach(line -> err.println("  " + line));
                return null;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        err.println("mcp-monitor: the shared sidecar did not listen within " + START_WAIT.toSeconds() + " s; serving this session alone");
        return null;
    }

    /** An open connection to {@code socket}, or null when nothing listens there. */
    static SocketChannel connect(Path socket) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException | UnsupportedOperationException e) {
            close(ch);
            return null;
        }
    }

    private static void close(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do with it.
            }
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }
}
