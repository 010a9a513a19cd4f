package io.mcpmonitor.agent.tooling;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own diagnostics, never written to stdout (the JSON-RPC channel of a stdio MCP server).
 * Destinations: {@code stderr} (default; warnings only), {@code off}, or a file path (warnings and
 * information, appended).
 *
 * <p>Thread-safe. Repeated warnings are rate-limited by key: the first is written at WARN, later ones are
 * only counted ({@link #suppressedWarnings()}), as Micrometer's WarnThenDebugLogger does. Lines start with
 * {@code [mcp-monitor]}, so a test or an operator can tell them from the host's output.
 */
final class AgentLog {

    static final String PREFIX = "[mcp-monitor] ";

    private final PrintStream out;
    private final boolean info;
    private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong suppressed = new AtomicLong();

    private AgentLog(PrintStream out, boolean info) {
        this.out = out;
        this.info = info;
    }

    /** Opens {@code destination}: {@code stderr}, {@code off} or a file path. */
    static AgentLog open(String destination) {
        String d = destination == null ? "stderr" : destination.trim();
        if (d.isEmpty() || d.equalsIgnoreCase("stderr")) {
            return new AgentLog(System.err, false);
        }
        if (d.equalsIgnoreCase("off") || d.equalsIgnoreCase("none")) {
            return new AgentLog(null, false);
        }
        try {
            Path file = Path.of(d);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            OutputStream stream = new FileOutputStream(file.toFile(), true);
            return new AgentLog(new PrintStream(stream, true, StandardCharsets.UTF_8), true);
        } catch (IOException | RuntimeException e) {
            AgentLog log = new AgentLog(System.err, false);
            log.warn("cannot open log file " + d + " (" + e + "); logging to stderr");
            return log;
        }
    }

    void info(String message) {
        if (info) {
            write("INFO", message);
        }
    }

    /** Written to every destination but {@code off}, stderr included: the agent's start-up line. */
    void notice(String message) {
        write("INFO", message);
    }

    void warn(String message) {
        write("WARN", message);
    }

    /** Writes the first warning of each {@code key}; later ones are counted only. */
    void warnOnce(String key, String message) {
        if (warnedKeys.add(key)) {
            warn(message);
        } else {
            suppressed.incrementAndGet();
        }
    }

    long suppressedWarnings() {
        return suppressed.get();
    }

    private void write(String level, String message) {
        PrintStream o = out;
        if (o == null) {
            return;
        }
        String line = info ? Instant.now() + " " + PREFIX + level + " " + message : PREFIX + level + " " + message;
        synchronized (this) {
            o.println(line);
            o.flush();
        }
    }
}
